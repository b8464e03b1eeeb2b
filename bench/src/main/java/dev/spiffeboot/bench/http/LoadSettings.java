package dev.spiffeboot.bench.http;

import java.time.Duration;
import java.util.List;

/**
 * How hard and how long a throughput benchmark loads its server.
 *
 * @param connections the connections, each with one request in flight
 * @param rounds the measured rounds of each variant
 * @param round how long each round lasts
 */
public record LoadSettings(int connections, int rounds, Duration round) {

    /**
     * The settings of the command-line arguments {@code [connections] [rounds] [seconds per round]}, each optional:
     * by default one connection per processor, 5 rounds of 3 s.
     */
    public static LoadSettings parse(List<String> arguments) {
        int connections = (arguments.size() > 0) ? Integer.parseInt(arguments.get(0)) : Runtime.getRuntime().availableProcessors();
        int rounds = (arguments.size() > 1) ? Integer.parseInt(arguments.get(1)) : 5;
        Duration round = Duration.ofSeconds((arguments.size() > 2) ? Long.parseLong(arguments.get(2)) : 3);
        return new LoadSettings(connections, rounds, round);
    }
}
