package dev.spiffeboot.devagent;

import java.io.IOException;

import io.grpc.Attributes;
import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.ProtocolNegotiationEvent;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.util.AsciiString;

/**
 * Puts the caller's kernel credentials (SO_PEERCRED) into the transport attributes of each connection, so calls
 * can be told apart by uid/gid like SPIRE's unix workload attestor does.
 * <p>
 * gRPC offers no public hook that sees the Netty channel of a server connection, so this wraps the plaintext
 * negotiator through grpc-netty's {@code Internal*} classes (the mechanism gRPC's own ALTS and TLS support use):
 * a handler ahead of the negotiator adds the credentials to the negotiation event, whose attributes become the
 * transport attributes that interceptors read.
 */
final class PeerCredentialsNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {

    /** The transport attribute holding the caller's {@link PeerCredentials}. */
    static final Attributes.Key<PeerCredentials> PEER_CREDENTIALS = Attributes.Key.create("spiffe-dev-agent.peer-credentials");

    private final InternalProtocolNegotiator.ProtocolNegotiator plaintext = InternalProtocolNegotiators.serverPlaintext();

    @Override
    public AsciiString scheme() {
        return this.plaintext.scheme();
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        return new CredentialsHandler(this.plaintext.newHandler(grpcHandler));
    }

    @Override
    public void close() {
        this.plaintext.close();
    }

    private static final class CredentialsHandler extends ChannelInboundHandlerAdapter {

        private final ChannelHandler next;

        CredentialsHandler(ChannelHandler next) {
            this.next = next;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            context.pipeline().addAfter(context.name(), null, this.next);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
            if (event instanceof ProtocolNegotiationEvent) {
                ProtocolNegotiationEvent negotiation = (ProtocolNegotiationEvent) event;
                PeerCredentials credentials = credentials(context.channel());
                if (credentials != null) {
                    Attributes attributes = InternalProtocolNegotiationEvent.getAttributes(negotiation)
                        .toBuilder()
                        .set(PEER_CREDENTIALS, credentials)
                        .build();
                    negotiation = InternalProtocolNegotiationEvent.withAttributes(negotiation, attributes);
                }
                context.pipeline().remove(this);
                context.fireUserEventTriggered(negotiation);
                return;
            }
            super.userEventTriggered(context, event);
        }

        private static PeerCredentials credentials(Channel channel) throws IOException {
            io.netty.channel.unix.PeerCredentials credentials;
            if (channel instanceof EpollDomainSocketChannel) {
                credentials = ((EpollDomainSocketChannel) channel).peerCredentials();
            }
            else if (channel instanceof KQueueDomainSocketChannel) {
                credentials = ((KQueueDomainSocketChannel) channel).peerCredentials();
            }
            else {
                return null;
            }
            return new PeerCredentials(credentials.pid(), credentials.uid(), credentials.gids());
        }
    }
}
