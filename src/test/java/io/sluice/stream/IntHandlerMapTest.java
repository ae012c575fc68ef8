package io.sluice.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntHandlerMapTest {
    @Test
    void behavesLikeAMapUnderRandomAddsAndRemoves() {
        Random random = new Random(42);
        Map<Integer, SrtHandler> reference = new HashMap<>();
        IntHandlerMap map = IntHandlerMap.EMPTY;
        for (int i = 0; i < 5000; i++) {
            int key = random.nextInt(200) - 100 + (random.nextBoolean() ? 0x3fff0000 : 0);
            if (random.nextInt(3) == 0) {
                reference.remove(key);
                map = map.without(key);
            } else {
                SrtHandler h = ev -> {};
                reference.put(key, h);
                map = map.with(key, h);
            }
            assertThat(map.size()).isEqualTo(reference.size());
        }
        for (Map.Entry<Integer, SrtHandler> e : reference.entrySet()) {
            assertThat(map.get(e.getKey())).isSameAs(e.getValue());
        }
        assertThat(map.get(123456789)).isNull();
    }
}
