/** SmallRye Health checks: liveness is about the process and its data plane, readiness about capacity. */
package io.sluice.health;
