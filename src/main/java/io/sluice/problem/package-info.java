/**
 * {@link io.sluice.problem.Problem}: the one way services refuse a request — an HTTP status and a message
 * a person can act on ({@code port 10005 is already allocated to ingest cam2}). Plain Java.
 */
package io.sluice.problem;
