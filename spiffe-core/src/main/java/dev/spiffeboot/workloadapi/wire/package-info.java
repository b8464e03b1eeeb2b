/**
 * The messages of the SPIFFE Workload API in protobuf wire format, written by hand so that the client needs no
 * protobuf runtime: requests are encoded, responses decoded, with the semantics of protobuf-java for proto3 (the
 * last value of a field wins, repeated fields accumulate, map keys keep their last value, unknown fields are
 * skipped, strings must be UTF-8, missing fields are empty, never {@code null}).
 * <p>
 * Where the parsers differ from protobuf-java 4: they refuse groups (wire types 3 and 4), which protobuf-java skips
 * as unknown fields; they refuse a known field with the wrong wire type, which protobuf-java keeps as an unknown
 * field; they refuse every varint longer than ten bytes, some of which protobuf-java reads as ten-byte ones in
 * unknown fields; and they do not read {@code ValidateJWTSVIDResponse.claims}, so a malformed
 * {@code google.protobuf.Struct} there is not refused as protobuf-java would.
 */
package dev.spiffeboot.workloadapi.wire;
