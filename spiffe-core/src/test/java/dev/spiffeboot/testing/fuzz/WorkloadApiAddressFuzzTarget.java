package dev.spiffeboot.testing.fuzz;

import java.net.InetSocketAddress;
import java.util.List;

import dev.spiffeboot.workloadapi.WorkloadApiAddress;

/**
 * {@link WorkloadApiAddress#parse}: refuses with an {@link IllegalArgumentException} that names the rule broken
 * (its message starts with {@code invalid Workload API address}), never with another exception; an accepted address
 * is exactly one of a Unix socket path or an IP address and port, and reads back as given.
 */
public final class WorkloadApiAddressFuzzTarget extends StringFuzzTarget {

    static final String REFUSAL = "invalid Workload API address ";

    private static final StringMutator MUTATOR = new StringMutator(List.of("unix:", "unix://", "unix:///", "tcp:",
            "tcp://", "tcp:///", "UNIX:", "http://", "127.0.0.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3",
            "01.2.3.4", "0x7f.0.0.1", "[::1]", "[::]", "[::ffff:127.0.0.1]", "[fe80::1%25eth0]", "[fe80::1%eth0]",
            "[1:2:3:4:5:6:7:8:9]", "localhost", "example.org", ":0", ":8081", ":65535", ":65536", ":99999",
            ":2147483647", ":2147483648", ":-1", "user@", "/tmp/agent.sock", "/", "?x=1", "#frag", "%00", "%2F", "%25"));

    private static final List<String> SEEDS = List.of("unix:///tmp/spire-agent/public/api.sock", "unix:/run/agent.sock",
            "tcp://127.0.0.1:8081", "tcp://[::1]:8081", "tcp://10.0.0.1:65535", "unix:///a");

    @Override
    public String name() {
        return "workload-api";
    }

    @Override
    public String generate(FuzzRandom random) {
        switch (random.below(8)) {
            case 0:
                return validAddress(random);
            case 1:
                return MUTATOR.random(random);
            default:
                String base = random.nextBoolean() ? validAddress(random) : random.pick(SEEDS);
                return MUTATOR.mutate(random, base, SEEDS);
        }
    }

    private static String validAddress(FuzzRandom random) {
        switch (random.below(4)) {
            case 0:
                return "unix://" + path(random);
            case 1:
                return "unix:" + path(random);
            case 2:
                return "tcp://" + random.below(256) + "." + random.below(256) + "." + random.below(256) + "."
                        + random.below(256) + ":" + random.below(65536);
            default:
                return "tcp://[" + Integer.toHexString(random.below(0x10000)) + "::" + Integer.toHexString(random.below(0x10000))
                        + "]:" + random.below(65536);
        }
    }

    private static String path(FuzzRandom random) {
        StringBuilder path = new StringBuilder();
        for (int i = 1 + random.size(5); i > 0; i--) {
            path.append('/').append(SpiffeIdFuzzTarget.validSegment(random));
        }
        return path.toString();
    }

    @Override
    public void run(String input) {
        WorkloadApiAddress address;
        try {
            address = WorkloadApiAddress.parse(input);
        }
        catch (IllegalArgumentException ex) {
            Checks.check(ex.getClass() == IllegalArgumentException.class && ex.getMessage().startsWith(REFUSAL),
                    "refused without naming the rule: " + ex);
            throw ex;
        }
        Checks.check(address.isUnix() != address.tcpAddress().isPresent(), "not exactly one kind of address");
        Checks.check(address.isUnix() == address.socketPath().isPresent(), "isUnix disagrees with socketPath");
        Checks.check(address.toString().equals(input), "the address reads back as " + address);
        Checks.check(WorkloadApiAddress.parse(address.toString()).equals(address), "the address does not parse back");
        if (address.isUnix()) {
            Checks.check(input.startsWith("unix:") && address.socketPath().get().isAbsolute(),
                    "a unix address without an absolute path");
        }
        else {
            InetSocketAddress tcp = address.tcpAddress().get();
            Checks.check(input.startsWith("tcp://") && !tcp.isUnresolved() && tcp.getPort() >= 0 && tcp.getPort() <= 65535,
                    "a tcp address without an IP address and port");
        }
    }

    @Override
    public boolean isDocumented(Throwable thrown) {
        return thrown instanceof IllegalArgumentException;
    }
}
