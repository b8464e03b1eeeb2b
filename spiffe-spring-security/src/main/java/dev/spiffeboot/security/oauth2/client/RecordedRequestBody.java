package dev.spiffeboot.security.oauth2.client;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * The body of one WebClient request as it was written, so that the same bytes can be sent again. A WebClient body
 * is a publisher that may not be subscribed twice (a one-shot stream, data buffers released once written), so the
 * bytes are copied as they go out, up to a limit. The body cannot be sent again when it was larger than the limit,
 * streamed with flushes ({@code writeAndFlushWith}), or not completely written when the answer came.
 */
final class RecordedRequestBody {

    private final int limit;

    private ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private String contentType;

    private boolean written;

    private boolean complete;

    private boolean unreplayable;

    /** A recording of at most that many bytes. */
    RecordedRequestBody(int limit) {
        this.limit = limit;
    }

    /** The request, its body recorded here as it is written. */
    ClientRequest recording(ClientRequest request) {
        BodyInserter<?, ? super ClientHttpRequest> body = request.body();
        BodyInserter<Void, ClientHttpRequest> recording = (message, context) -> body.insert(new Recorder(message), context);
        return ClientRequest.from(request).body(recording).build();
    }

    /**
     * The request again with the recorded body and its content type, its headers changed as given, or {@code null}
     * when the body cannot be sent again.
     */
    synchronized ClientRequest replay(ClientRequest request, Consumer<HttpHeaders> headers) {
        if (this.unreplayable || !this.complete) {
            return null;
        }
        byte[] content = this.written ? this.bytes.toByteArray() : null;
        String type = this.contentType;
        BodyInserter<Void, ClientHttpRequest> replay = (message, context) -> {
            if (content == null) {
                return message.setComplete();
            }
            if (type != null && !message.getHeaders().containsHeader(HttpHeaders.CONTENT_TYPE)) {
                message.getHeaders().set(HttpHeaders.CONTENT_TYPE, type);
            }
            message.getHeaders().setContentLength(content.length);
            return message.writeWith(Mono.fromSupplier(() -> message.bufferFactory().wrap(content)));
        };
        return ClientRequest.from(request).headers(headers).body(replay).build();
    }

    private synchronized void started(HttpHeaders headers) {
        this.written = true;
        this.contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
    }

    private synchronized void record(DataBuffer buffer) {
        if (this.unreplayable) {
            return;
        }
        int length = buffer.readableByteCount();
        if (this.bytes.size() + length > this.limit) {
            unreplayable();
            return;
        }
        byte[] copy = new byte[length];
        // read without moving the buffer's read position: the buffer is still to be written
        buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(copy), 0, length);
        this.bytes.writeBytes(copy);
    }

    private synchronized void completed() {
        this.complete = true;
    }

    private synchronized void unreplayable() {
        this.unreplayable = true;
        this.bytes = new ByteArrayOutputStream(0);
    }

    /** The request as the body inserter sees it: what it writes is also copied here. */
    private final class Recorder extends ClientHttpRequestDecorator {

        Recorder(ClientHttpRequest delegate) {
            super(delegate);
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            started(getHeaders());
            if (body instanceof Mono<? extends DataBuffer> single) {
                return super.writeWith(single.doOnNext(RecordedRequestBody.this::record).doOnSuccess(buffer -> completed()));
            }
            return super.writeWith(Flux.from(body).doOnNext(RecordedRequestBody.this::record).doOnComplete(() -> completed()));
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            unreplayable();
            return super.writeAndFlushWith(body);
        }

        @Override
        public Mono<Void> setComplete() {
            completed();
            return super.setComplete();
        }
    }
}
