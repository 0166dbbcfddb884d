package dev.detour.examples.spring;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints of the seed's relay-api ({@code /albums}, {@code /auth/me}, {@code /moderation}),
 * each one query through the application's {@code JdbcTemplate}, plus {@code POST /jobs} to enqueue
 * a job with {@code NOTIFY}.
 */
@RestController
class RelayApiController {

  private final JdbcTemplate jdbc;

  RelayApiController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @GetMapping("/albums")
  List<Map<String, Object>> albums() {
    return jdbc.queryForList("SELECT id, title FROM albums ORDER BY id LIMIT 20");
  }

  @GetMapping("/auth/me")
  Map<String, Object> me() {
    return jdbc.queryForMap("SELECT current_user AS user, now() AS at");
  }

  @GetMapping("/moderation")
  Map<String, Object> moderation() {
    return jdbc.queryForMap("SELECT count(*) AS pending FROM jobs WHERE done_at IS NULL");
  }

  @PostMapping("/jobs")
  Map<String, Object> enqueue(@RequestParam(name = "kind", defaultValue = "relay") String kind) {
    Long id =
        jdbc.queryForObject(
            "WITH j AS (INSERT INTO jobs (kind) VALUES (?) RETURNING id)"
                + " SELECT id FROM j, pg_notify('jobs', j.id::text) AS n",
            Long.class,
            kind);
    return Map.of("id", id);
  }
}
