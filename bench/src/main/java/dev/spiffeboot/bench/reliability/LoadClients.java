package dev.spiffeboot.bench.reliability;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closed-loop clients, one thread and one keep-alive connection each, each sending its role's next request as soon
 * as the previous answer is in, until stopped; every outcome goes to the tally.
 */
final class LoadClients {

    private final List<Thread> threads = new ArrayList<>();

    private final AtomicBoolean stopped = new AtomicBoolean();

    private final Tally tally;

    private LoadClients(Tally tally) {
        this.tally = tally;
    }

    /**
     * Starts one client per role given (a role listed n times runs n clients), one every {@code stagger}: clients
     * that all connect in the same millisecond overflow the server's accept queue and wait for TCP to retry.
     */
    static LoadClients start(List<ClientRole> roles, int port, Tally tally, Duration stagger) throws InterruptedException {
        LoadClients clients = new LoadClients(tally);
        for (int i = 0; i < roles.size(); i++) {
            ClientRole role = roles.get(i);
            Thread thread = new Thread(() -> clients.drive(role, port), "client-" + i + "-" + role.name());
            thread.setDaemon(true);
            clients.threads.add(thread);
        }
        for (Thread thread : clients.threads) {
            thread.start();
            Thread.sleep(stagger.toMillis());
        }
        return clients;
    }

    /** Stops the clients and waits for their last requests; their connections are closed when this returns. */
    void stop() throws InterruptedException {
        this.stopped.set(true);
        for (Thread thread : this.threads) {
            thread.join();
        }
    }

    private void drive(ClientRole role, int port) {
        try (HttpsConnection connection = new HttpsConnection(role.tls(), port)) {
            while (!this.stopped.get()) {
                exchange(role, connection);
            }
        }
    }

    private void exchange(ClientRole role, HttpsConnection connection) {
        String authorization;
        try {
            authorization = (role.authorization() != null) ? role.authorization().get() : null;
        }
        catch (RuntimeException ex) {
            this.tally.unexpected(role, "no token: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            pause();
            return;
        }
        int status;
        try {
            status = connection.get(role.path(), authorization);
        }
        catch (SocketTimeoutException ex) {
            this.tally.unexpected(role, "no answer within the timeout");
            return;
        }
        catch (IOException ex) {
            if (role.expect() == ClientRole.Expect.HANDSHAKE_REFUSED) {
                this.tally.asExpected(role);
            }
            else {
                this.tally.unexpected(role, ex.getClass().getSimpleName() + ": " + ex.getMessage());
                pause();
            }
            return;
        }
        if (status >= 500) {
            this.tally.serverError();
        }
        boolean expected = switch (role.expect()) {
            case OK -> status == 200;
            case UNAUTHORIZED -> status == 401;
            case HANDSHAKE_REFUSED -> false;
        };
        if (expected) {
            this.tally.asExpected(role);
        }
        else {
            this.tally.unexpected(role, "status " + status);
        }
    }

    /** After a failure, so that a broken server is not hammered in a tight loop. */
    private static void pause() {
        try {
            Thread.sleep(50);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
