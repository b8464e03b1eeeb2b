package dev.spiffeboot.internal.grpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reading and writing the headers gRPC defines: the status in trailers, its message, and the timeout. */
final class GrpcMetadata {

    private static final long MAX_TIMEOUT_VALUE = 99_999_999L;

    private GrpcMetadata() {
    }

    /** The first value of a header, or {@code null}. */
    static String get(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equals(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** The status in trailers: {@code grpc-status} and the percent-decoded {@code grpc-message}. */
    static GrpcStatus status(List<Map.Entry<String, String>> trailers) {
        String code = get(trailers, "grpc-status");
        if (code == null) {
            return GrpcStatus.of(GrpcCode.UNKNOWN, "the server ended the call without a grpc-status");
        }
        GrpcCode parsed = parseCode(code);
        if (parsed == null) {
            return GrpcStatus.of(GrpcCode.UNKNOWN, "an invalid grpc-status");
        }
        String message = get(trailers, "grpc-message");
        return GrpcStatus.of(parsed, (message == null) ? null : percentDecode(message));
    }

    private static GrpcCode parseCode(String code) {
        if (code.isEmpty() || code.length() > 3 || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return GrpcCode.of(Integer.parseInt(code));
    }

    /** The status of a response whose HTTP status is not 200. */
    static GrpcStatus httpFailure(String httpStatus) {
        if (httpStatus == null) {
            return GrpcStatus.of(GrpcCode.INTERNAL, "a response without :status");
        }
        int status;
        try {
            status = Integer.parseInt(httpStatus);
        }
        catch (NumberFormatException ex) {
            return GrpcStatus.of(GrpcCode.INTERNAL, "an invalid :status");
        }
        return GrpcStatus.of(GrpcCode.ofHttpStatus(status), "HTTP status " + status + " instead of a gRPC response");
    }

    /**
     * Decodes {@code grpc-message}: UTF-8 with bytes outside printable ASCII and {@code %} written as {@code %XX}; a
     * malformed escape is kept as it is, as gRPC asks of clients.
     */
    static String percentDecode(String message) {
        if (message.indexOf('%') < 0) {
            return message;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '%' && i + 2 < message.length() && hex(message.charAt(i + 1)) >= 0 && hex(message.charAt(i + 2)) >= 0) {
                bytes.write(hex(message.charAt(i + 1)) * 16 + hex(message.charAt(i + 2)));
                i += 2;
            }
            else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** {@code grpc-timeout}: at most eight digits, in the finest unit that fits. */
    static String timeout(Duration timeout) {
        long nanos = Math.max(1, timeout.toNanos());
        String[] units = { "n", "u", "m", "S", "M", "H" };
        long[] divisors = { 1, 1_000, 1_000_000, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L };
        for (int i = 0; i < units.length; i++) {
            long value = ceilDiv(nanos, divisors[i]);
            if (value <= MAX_TIMEOUT_VALUE) {
                return value + units[i];
            }
        }
        return MAX_TIMEOUT_VALUE + "H";
    }

    private static long ceilDiv(long value, long divisor) {
        return (value + divisor - 1) / divisor;
    }
}
