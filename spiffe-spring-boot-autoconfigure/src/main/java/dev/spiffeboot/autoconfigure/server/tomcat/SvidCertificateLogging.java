package dev.spiffeboot.autoconfigure.server.tomcat;

import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says where the SPIFFE connector's certificate comes from. Tomcat logs at start-up that each TLS host is
 * "configured from keystore [~/.keystore] using alias [tomcat]", its defaults for a certificate without a key
 * store file, although the SPIFFE connector reads no key store: its key and trust managers take the current
 * X509-SVID and bundles from the Workload API at every handshake. The line is rewritten to say so.
 */
final class SvidCertificateLogging implements Filter {

    /** Where Tomcat's NIO and NIO2 endpoints log their certificates. */
    static final List<String> TOMCAT_LOGGERS = List.of("org.apache.tomcat.util.net.NioEndpoint.certificate",
            "org.apache.tomcat.util.net.Nio2Endpoint.certificate");

    private static final Pattern TOMCAT_LINE = Pattern.compile(
            "Connector \\[([^\\]]*)\\], TLS virtual host \\[([^\\]]*)\\], certificate type \\[UNDEFINED\\] configured from .*");

    // java.util.logging holds loggers weakly: these references keep the ones carrying the filter alive
    private static final List<Logger> TOMCAT = TOMCAT_LOGGERS.stream().map(Logger::getLogger).toList();

    private final Filter next;

    private SvidCertificateLogging(Filter next) {
        this.next = next;
    }

    /** Installs the filter on Tomcat's loggers, in front of a filter already there; once. */
    static synchronized void install() {
        for (Logger logger : TOMCAT) {
            Filter current = logger.getFilter();
            if (!(current instanceof SvidCertificateLogging)) {
                logger.setFilter(new SvidCertificateLogging(current));
            }
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        Matcher line = (record.getLevel() == Level.INFO && record.getMessage() != null)
                ? TOMCAT_LINE.matcher(record.getMessage()) : null;
        if (line != null && line.matches()) {
            record.setMessage("Connector [" + line.group(1) + "], TLS virtual host [" + line.group(2)
                    + "]: the X509-SVID and trust bundles of the SPIFFE Workload API, read at every handshake");
            record.setParameters(null);
        }
        return this.next == null || this.next.isLoggable(record);
    }
}
