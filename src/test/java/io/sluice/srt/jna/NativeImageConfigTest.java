package io.sluice.srt.jna;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The native image registers LibSrt's natives through JNI ({@code RegisterNatives}); every native method
 * must be in jni-config.json with its exact signature, or the native binary fails at start.
 */
class NativeImageConfigTest {
    static final String CONFIG = "/META-INF/native-image/io.sluice/sluice/jni-config.json";

    @Test
    void jniConfigListsEveryNativeMethodOfLibSrtWithItsSignature() throws Exception {
        JsonNode config;
        try (InputStream in = NativeImageConfigTest.class.getResourceAsStream(CONFIG)) {
            config = new ObjectMapper().readTree(in);
        }
        Set<String> configured = new TreeSet<>();
        for (JsonNode c : config) {
            if (!c.path("name").asText().equals(LibSrt.class.getName())) continue;
            for (JsonNode m : c.path("methods")) {
                String params = java.util.stream.StreamSupport.stream(
                                m.path("parameterTypes").spliterator(), false)
                        .map(JsonNode::asText)
                        .collect(Collectors.joining(","));
                configured.add(m.path("name").asText() + "(" + params + ")");
            }
        }
        Set<String> declared = Arrays.stream(LibSrt.class.getDeclaredMethods())
                .filter(m -> Modifier.isNative(m.getModifiers()))
                .map(NativeImageConfigTest::signature)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(declared).hasSizeGreaterThan(30);
        assertThat(configured).isEqualTo(declared);
    }

    @Test
    void theListenCallbackIsReachableByJni() throws Exception {
        String text;
        try (InputStream in = NativeImageConfigTest.class.getResourceAsStream(CONFIG)) {
            text = new String(in.readAllBytes());
        }
        assertThat(text).contains(SrtListenCallback.class.getName()).contains("com.sun.jna.Native$ffi_callback");
    }

    private static String signature(Method m) {
        return m.getName() + "("
                + Arrays.stream(m.getParameterTypes()).map(Class::getTypeName).collect(Collectors.joining(","))
                + ")";
    }
}
