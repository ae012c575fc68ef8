/**
 * Who may connect: the shared port's stream ID ({@link io.sluice.access.StreamId}: SRT Access Control
 * syntax and short forms, with the access-control reject code for each refusal) and CIDR allowlists
 * ({@link io.sluice.access.Cidr}). Plain Java.
 */
package io.sluice.access;
