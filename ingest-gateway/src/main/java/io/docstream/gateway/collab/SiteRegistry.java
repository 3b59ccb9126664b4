package io.docstream.gateway.collab;

import java.util.OptionalInt;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Site ids for RGA element ids: one per client session, from a database sequence (never reused,
 * also across restarts), each owned by one user.
 */
@Component
public class SiteRegistry {

    private final JdbcTemplate jdbc;

    public SiteRegistry(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** A fresh site id owned by {@code userId}. */
    @Transactional
    public int newSite(UUID userId) {
        Integer site = jdbc.queryForObject("SELECT nextval('site_ids')::int", Integer.class);
        jdbc.update("INSERT INTO sites (site_id, user_id) VALUES (?, ?)", site, userId);
        return site;
    }

    /** {@code site} when it exists and belongs to {@code userId} (a reconnecting client resumes it). */
    public OptionalInt ownedSite(UUID userId, int site) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM sites WHERE site_id = ? AND user_id = ?",
                Integer.class, site, userId);
        return n != null && n > 0 ? OptionalInt.of(site) : OptionalInt.empty();
    }
}
