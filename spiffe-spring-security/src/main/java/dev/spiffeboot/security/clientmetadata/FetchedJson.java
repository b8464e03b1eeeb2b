package dev.spiffeboot.security.clientmetadata;

import java.time.Duration;
import java.util.Map;

/**
 * A JSON object fetched by {@link ClientMetadataFetcher}.
 *
 * @param members the object's members
 * @param lifetime how long it may be reused, as its {@code Cache-Control} says, or {@code null} when it says nothing
 */
public record FetchedJson(Map<String, Object> members, Duration lifetime) {
}
