package io.docstream.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, migrated database on the local PostgreSQL (127.0.0.1:5432, trust auth) per test class.
 * Dropped on {@link #close()}.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    public static final String HOST_URL = System.getProperty("docstream.test.pg", "jdbc:postgresql://127.0.0.1:5432/");
    public static final String USER = System.getProperty("docstream.test.pg.user", "postgres");

    private final String name;
    private final PGSimpleDataSource dataSource;

    private PostgresTestDatabase(String name) {
        this.name = name;
        this.dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl());
        dataSource.setUser(USER);
    }

    /** Creates the database and applies every Flyway migration. */
    public static PostgresTestDatabase create() {
        String name = "ds_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        admin("CREATE DATABASE " + name);
        PostgresTestDatabase db = new PostgresTestDatabase(name);
        Flyway.configure().dataSource(db.dataSource).locations("classpath:db/migration").load().migrate();
        return db;
    }

    public String jdbcUrl() {
        return HOST_URL + name;
    }

    public String user() {
        return USER;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(HOST_URL + "postgres", USER, "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST_URL + " failed: " + sql
                    + " (is it running? pg_ctlcluster --skip-systemctl-redirect 15 main start)", e);
        }
    }
}
