package io.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.access.StreamId.Mode;
import io.sluice.access.StreamId.Rejected;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamIdTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "#!::r=cam1,m=publish              | cam1 | PUBLISH | false |",
                "#!::m=publish,r=cam1              | cam1 | PUBLISH | false |",
                "#!::u=ops,h=gw.example,r=cam1,m=publish,t=stream | cam1 | PUBLISH | false | ops",
                "#!::r=cam1                        | cam1 | PUBLISH | false |",
                "#!::r=cam1,m=request              | cam1 | READ    | false |",
                "#!::m=request,u=viewer,r=cam-2    | cam-2 | READ   | false | viewer",
                "#!::r=cam1,m=publish,s=backup     | cam1 | PUBLISH | true  |",
                "#!::r=cam1,m=publish,x-tag=blue   | cam1 | PUBLISH | false |",
                "publish:cam1                      | cam1 | PUBLISH | false |",
                "publish:cam1:backup               | cam1 | PUBLISH | true  |",
                "publish:cam1:primary              | cam1 | PUBLISH | false |",
                "read:cam1                         | cam1 | READ    | false |",
                "cam1                              | cam1 | PUBLISH | false |",
                "  cam_1                           | cam_1 | PUBLISH | false |",
            })
    void acceptsTheAccessControlSyntaxAndTheShortForms(
            String raw, String ingest, Mode mode, boolean backup, String user) {
        StreamId id = StreamId.parse(raw);
        assertThat(id.ingest()).isEqualTo(ingest);
        assertThat(id.mode()).isEqualTo(mode);
        assertThat(id.backup()).isEqualTo(backup);
        assertThat(id.user()).isEqualTo(user);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                         | 1400 | no stream ID",
                "#!::m=publish              | 1400 | has no r=<ingest>",
                "#!::r=cam1,junk            | 1400 | is not key=value",
                "#!::r=cam 1,m=publish      | 1400 | is not an ingest name",
                "#!::r=cam1,m=bidirectional | 1405 | m=bidirectional is not served",
                "#!::r=cam1,t=file          | 1415 | type t=file is not served",
                "#!::r=cam1,m=request,s=backup | 1405 | readers read the ingest",
                "push:cam1                  | 1405 | mode 'push' is not publish or read",
                "publish:cam1:spare         | 1400 | source 'spare'",
                "a:b:c:d                    | 1400 | is not of the form",
                "read:cam1:backup           | 1405 | readers read the ingest",
            })
    void refusesWithTheAccessControlCodeThatFits(String raw, int code, String reason) {
        assertThatThrownBy(() -> StreamId.parse(raw))
                .isInstanceOfSatisfying(
                        Rejected.class, r -> assertThat(r.code()).isEqualTo(code))
                .hasMessageContaining(reason);
    }
}
