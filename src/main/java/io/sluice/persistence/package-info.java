/**
 * Panache entities of the desired state (ingests, outputs, port allocations). Schema by Flyway
 * ({@code db/migration}); the same migrations serve H2 and PostgreSQL. Entities never leave the service
 * layer: the API speaks records.
 */
package io.sluice.persistence;
