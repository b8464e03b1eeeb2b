package dev.spiffeboot.internal.grpc;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs tasks one at a time, in the order given, on an executor that may run them on any thread. */
final class SerialExecutor implements Executor {

    private final Executor executor;

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean draining = new AtomicBoolean();

    SerialExecutor(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
        this.tasks.add(task);
        if (this.draining.compareAndSet(false, true)) {
            this.executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
                task.run();
            }
        }
        finally {
            this.draining.set(false);
            // a task added after the last poll found the flag still set and left it to this drain
            if (!this.tasks.isEmpty() && this.draining.compareAndSet(false, true)) {
                this.executor.execute(this::drain);
            }
        }
    }
}
