package dev.spiffeboot.bench.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What this process holds, for leak checks: heap in use after full collections, live threads, open file
 * descriptors (Linux: the entries of {@code /proc/self/fd}), and what the threads and descriptors are, to name
 * what grew.
 *
 * @param heapBytes heap in use after full collections
 * @param threads live threads
 * @param fileDescriptors open file descriptors
 * @param threadKinds live threads by name, digits left out (e.g. {@code https-jsse-nio-#-exec-#})
 * @param descriptorKinds open descriptors by what they point to (a path, or e.g. {@code socket})
 */
record ProcessResources(long heapBytes, int threads, long fileDescriptors, Map<String, Long> threadKinds,
        Map<String, Long> descriptorKinds) {

    /** Collects fully a few times (so that finalizable and soft garbage goes too), then measures. */
    static ProcessResources measure() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        Map<String, Long> threadKinds = new TreeMap<>(Thread.getAllStackTraces().keySet().stream()
            .collect(Collectors.groupingBy(thread -> thread.getName().replaceAll("[0-9]+", "#"), Collectors.counting())));
        List<String> descriptors;
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            descriptors = entries.map(ProcessResources::target).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot list file descriptors (Linux only)", ex);
        }
        Map<String, Long> descriptorKinds = new TreeMap<>(descriptors.stream()
            .collect(Collectors.groupingBy(target -> target.replaceAll("\\[[0-9]+\\]", ""), Collectors.counting())));
        return new ProcessResources(heap, threads, descriptors.size(), threadKinds, descriptorKinds);
    }

    private static String target(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        }
        catch (IOException ex) {
            // closed between the listing and now (the listing's own descriptor, typically)
            return "closed";
        }
    }

    /** What there is more of here than in {@code before}, e.g. {@code socket: +1}; empty when nothing grew. */
    static List<String> growth(Map<String, Long> before, Map<String, Long> after) {
        List<String> grown = new ArrayList<>();
        after.forEach((kind, count) -> {
            long more = count - before.getOrDefault(kind, 0L);
            if (more > 0) {
                grown.add(kind + ": +" + more);
            }
        });
        return grown;
    }

    @Override
    public String toString() {
        return String.format("heap %.1f MB after full GC, %d threads, %d file descriptors", this.heapBytes / 1048576.0,
                this.threads, this.fileDescriptors);
    }
}
