package io.sluice.stream;

import java.util.Arrays;

/**
 * An immutable open-addressing map from SRT socket number to {@link SrtHandler}: lookups allocate
 * nothing (no boxing), changes copy. Used copy-on-write by {@link ReceiveReactor}.
 */
final class IntHandlerMap {
    static final IntHandlerMap EMPTY = new IntHandlerMap(new int[8], new SrtHandler[8], 0);

    private final int[] keys;
    private final SrtHandler[] values;
    private final int size;

    private IntHandlerMap(int[] keys, SrtHandler[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    SrtHandler get(int key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            SrtHandler v = values[i];
            if (v == null) return null;
            if (keys[i] == key) return v;
        }
    }

    IntHandlerMap with(int key, SrtHandler handler) {
        return copy(size + 1).putInPlace(key, handler);
    }

    IntHandlerMap without(int key) {
        if (get(key) == null) return this;
        int capacity = keys.length;
        int[] k = new int[capacity];
        SrtHandler[] v = new SrtHandler[capacity];
        IntHandlerMap m = new IntHandlerMap(k, v, 0);
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null && keys[i] != key) m = m.putInPlace(keys[i], values[i]);
        }
        return m;
    }

    int size() {
        return size;
    }

    private IntHandlerMap copy(int minSize) {
        int capacity = keys.length;
        while (minSize * 2 > capacity) capacity *= 2;
        IntHandlerMap m = new IntHandlerMap(new int[capacity], new SrtHandler[capacity], 0);
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null) m = m.putInPlace(keys[i], values[i]);
        }
        return m;
    }

    /** Only on a map not yet published. Returns the map with the updated size. */
    private IntHandlerMap putInPlace(int key, SrtHandler handler) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = key;
                values[i] = handler;
                return new IntHandlerMap(keys, values, size + 1);
            }
            if (keys[i] == key) {
                values[i] = handler;
                return this;
            }
        }
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    @Override
    public String toString() {
        return "IntHandlerMap" + Arrays.toString(Arrays.copyOf(keys, Math.min(keys.length, size)));
    }
}
