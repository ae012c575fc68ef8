package io.sluice.output;

import io.sluice.problem.Problem;
import java.util.Arrays;
import java.util.Locale;

/** Kinds of output; the JSON {@code type} is the lower-case name. */
public enum OutputType {
    SRT,
    UDP;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OutputType parse(String type) {
        if (type == null || type.isBlank()) {
            throw Problem.invalid("type is required: one of " + known());
        }
        for (OutputType t : values()) if (t.json().equals(type.strip().toLowerCase(Locale.ROOT))) return t;
        throw Problem.invalid("unknown output type '" + type + "': one of " + known());
    }

    private static String known() {
        return String.join(", ", Arrays.stream(values()).map(OutputType::json).toList());
    }
}
