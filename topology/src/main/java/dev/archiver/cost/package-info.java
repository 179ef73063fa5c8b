/**
 * What storing and reading back archives costs, per storage class, from a dated price table. Pure
 * computation: no I/O but reading the table, no Kafka; the CLI's {@code cost} command and {@code
 * GET /api/cost} both use it.
 */
package dev.archiver.cost;
