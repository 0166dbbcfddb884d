/**
 * Embedded PostgreSQL for tests: one server per JVM ({@link dev.detour.testkit.pg.TestPostgres}), a
 * TLS variant with a throwaway CA, a SCRAM-SHA-256 login, and a JUnit 5 extension ({@link
 * dev.detour.testkit.pg.WithPostgres}) that injects the server and a per-class database.
 */
package dev.detour.testkit.pg;
