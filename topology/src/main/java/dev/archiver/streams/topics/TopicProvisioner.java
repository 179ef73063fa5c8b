package dev.archiver.streams.topics;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics that do not exist yet; existing topics are left exactly as they are. */
public final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  private TopicProvisioner() {}

  public static void ensure(Admin admin, List<NewTopic> wanted) throws InterruptedException {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
      if (missing.isEmpty()) {
        return;
      }
      admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
      missing.forEach(
          t ->
              LOG.info(
                  "event=topic_created topic={} partitions={} configs={}",
                  t.name(),
                  t.numPartitions(),
                  t.configs()));
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof org.apache.kafka.common.errors.TopicExistsException) {
        return; // another instance created it in between
      }
      throw new IllegalStateException(
          "could not create the archiver's topics: " + cause.getMessage(), cause);
    }
  }
}
