package dev.spiffeboot.autoconfigure.grpc.client;

import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.stub.ClientCalls;

/**
 * The caller as {@link CallerService} saw it.
 *
 * @param id the client's SPIFFE ID
 * @param serial the serial number of the client's certificate, in hex
 * @param session the TLS session ID, in hex
 * @param token "none", "invalid:..." or "valid:ID:AUDIENCES:FINGERPRINT"
 */
record Caller(String id, String serial, String session, String token) {

    /**
     * One call on the channel.
     *
     * @throws io.grpc.StatusRuntimeException if the call fails
     */
    static Caller call(Channel channel) {
        String reply = ClientCalls.blockingUnaryCall(channel, CallerService.GET, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "");
        String[] fields = reply.split(" ", 4);
        return new Caller(fields[0], fields[1], fields[2], fields[3]);
    }
}
