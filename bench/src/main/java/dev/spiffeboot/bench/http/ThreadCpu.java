package dev.spiffeboot.bench.http;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.function.Predicate;

/** CPU time of this JVM and of its threads, for benchmarks that run the server beside the load generator. */
public final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    /**
     * The CPU time the live threads whose names the filter accepts have used so far, e.g. a web server's connector
     * threads. A thread that ends between two readings takes its time with it.
     */
    public static long ofThreadsNamed(Predicate<String> names) {
        long total = 0;
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread != null && names.test(thread.getThreadName())) {
                long cpu = THREADS.getThreadCpuTime(thread.getThreadId());
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
    }

    /** The CPU time this JVM has used so far, all its threads (those of the garbage collector and the JIT too). */
    public static long ofProcess() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The CPU time the calling thread has used so far. */
    public static long ofThisThread() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
