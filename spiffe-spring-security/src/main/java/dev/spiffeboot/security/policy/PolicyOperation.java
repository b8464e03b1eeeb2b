package dev.spiffeboot.security.policy;

import java.util.List;

/**
 * What a rule is about. Paths match exactly, by prefix ({@code /api/*}), by suffix or by presence ({@code *});
 * methods are HTTP methods (or, for gRPC, the call's method).
 *
 * @param paths the request paths
 * @param notPaths paths the operation does not match
 * @param methods the request methods
 * @param notMethods methods the operation does not match
 */
public record PolicyOperation(List<String> paths, List<String> notPaths, List<String> methods, List<String> notMethods) {

    /** An operation; the lists are copied. */
    public PolicyOperation {
        paths = List.copyOf(paths);
        notPaths = List.copyOf(notPaths);
        methods = List.copyOf(methods);
        notMethods = List.copyOf(notMethods);
    }

    /** An operation matching these paths with any method. */
    public static PolicyOperation paths(String... paths) {
        return new PolicyOperation(List.of(paths), List.of(), List.of(), List.of());
    }
}
