package io.diztl.tracker.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.topic.ITopic;
import io.diztl.proto.v1.DeliverStandingMatchesRequest;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches routed through a Hazelcast topic of the cluster: the tracker a match was reported to
 * publishes it when the asker is not its own node (or refused it), and every other tracker hands it
 * to its relay, which delivers it when the asker is one of its own nodes.
 */
final class ClusterStandingMatchRoute implements StandingMatchRoute {

  /** The topic's name in the cluster. */
  static final String TOPIC = "diztl-standing-matches";

  private static final Logger LOG = LoggerFactory.getLogger(ClusterStandingMatchRoute.class);

  private final ITopic<byte[]> topic;

  /** Routes through {@code topic}. */
  ClusterStandingMatchRoute(ITopic<byte[]> topic) {
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  @Override
  public boolean send(DeliverStandingMatchesRequest delivery) {
    topic.publish(delivery.toByteArray());
    return true;
  }

  @Override
  public void receive(Consumer<DeliverStandingMatchesRequest> deliverer) {
    topic.addMessageListener(
        message -> {
          if (message.getPublishingMember() != null
              && message.getPublishingMember().localMember()) {
            return; // this tracker sent it: its asker is not here
          }
          try {
            deliverer.accept(DeliverStandingMatchesRequest.parseFrom(message.getMessageObject()));
          } catch (InvalidProtocolBufferException e) {
            LOG.warn("a malformed standing-query delivery from the cluster was dropped: {}", e);
          }
        });
  }
}
