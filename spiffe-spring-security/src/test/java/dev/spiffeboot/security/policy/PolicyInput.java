package dev.spiffeboot.security.policy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * One input of the policy fuzz target: rules to compile and requests to evaluate, with a byte form for reports and
 * replay.
 *
 * @param defaultDeny whether the policy denies by default
 * @param rules the rules, in order
 * @param requests the requests to evaluate when the rules compile
 */
public record PolicyInput(boolean defaultDeny, List<PolicyRule> rules, List<PolicyRequest> requests) {

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(this.defaultDeny);
            out.writeInt(this.rules.size());
            for (PolicyRule rule : this.rules) {
                writeString(out, rule.name());
                out.writeBoolean(rule.action() == PolicyAction.DENY);
                out.writeInt(rule.from().size());
                for (PolicySource source : rule.from()) {
                    for (List<String> values : List.of(source.principals(), source.notPrincipals(), source.requestPrincipals(),
                            source.notRequestPrincipals(), source.trustDomains(), source.notTrustDomains())) {
                        writeStrings(out, values);
                    }
                }
                out.writeInt(rule.to().size());
                for (PolicyOperation operation : rule.to()) {
                    for (List<String> values : List.of(operation.paths(), operation.notPaths(), operation.methods(),
                            operation.notMethods())) {
                        writeStrings(out, values);
                    }
                }
            }
            out.writeInt(this.requests.size());
            for (PolicyRequest request : this.requests) {
                writeString(out, request.peer() == null ? null : request.peer().toString());
                writeString(out, request.requestPrincipal());
                writeString(out, request.callerTrustDomain() == null ? null : request.callerTrustDomain().name());
                writeString(out, request.path());
                writeString(out, request.method());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads an input written by {@link #encode()}.
     *
     * @throws UncheckedIOException if the bytes are not an encoded input
     */
    public static PolicyInput decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            boolean defaultDeny = in.readBoolean();
            List<PolicyRule> rules = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                String name = readString(in);
                PolicyAction action = in.readBoolean() ? PolicyAction.DENY : PolicyAction.ALLOW;
                List<PolicySource> from = new ArrayList<>();
                for (int j = in.readInt(); j > 0; j--) {
                    from.add(new PolicySource(readStrings(in), readStrings(in), readStrings(in), readStrings(in),
                            readStrings(in), readStrings(in)));
                }
                List<PolicyOperation> to = new ArrayList<>();
                for (int j = in.readInt(); j > 0; j--) {
                    to.add(new PolicyOperation(readStrings(in), readStrings(in), readStrings(in), readStrings(in)));
                }
                rules.add(new PolicyRule(name, action, from, to));
            }
            List<PolicyRequest> requests = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                String peer = readString(in);
                String requestPrincipal = readString(in);
                String trustDomain = readString(in);
                requests.add(new PolicyRequest(peer == null ? null : SpiffeId.parse(peer), requestPrincipal,
                        trustDomain == null ? null : TrustDomain.parse(trustDomain), readString(in), readString(in)));
            }
            return new PolicyInput(defaultDeny, rules, requests);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            writeString(out, value);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        List<String> values = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            values.add(readString(in));
        }
        return values;
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length());
        out.writeChars(value);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length > in.available() / 2) {
            // bytes from a coverage-guided fuzzer are not always an encoded input: never allocate what is not there
            throw new IOException("a string of " + length + " characters in " + in.available() + " bytes");
        }
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = in.readChar();
        }
        return new String(chars);
    }
}
