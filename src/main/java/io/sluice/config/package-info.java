/** Typed configuration: {@link io.sluice.config.SluiceConfig} declares every {@code sluice.*} key once. */
package io.sluice.config;
