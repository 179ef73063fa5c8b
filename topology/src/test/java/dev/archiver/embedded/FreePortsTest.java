package dev.archiver.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void shouldHandOutPortsBelowTheEphemeralRangesAndNeverTheSameTwice() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      int pair = FreePorts.nextPair();
      int single = FreePorts.next();
      assertThat(seen.add(pair)).as("port %d handed out twice", pair).isTrue();
      assertThat(seen.add(pair + 1)).as("port %d handed out twice", pair + 1).isTrue();
      assertThat(seen.add(single)).as("port %d handed out twice", single).isTrue();
    }
    assertThat(seen).allSatisfy(port -> assertThat(port).isBetween(1024, 32_767));
  }

  @Test
  void shouldGiveAPairWhoseBothPortsCanBeListenedOn() throws Exception {
    int port = FreePorts.nextPair();
    try (ServerSocket listener = new ServerSocket(port);
        ServerSocket controller = new ServerSocket(port + 1)) {
      assertThat(FreePorts.inUse(port)).isTrue();
      assertThat(FreePorts.inUse(port + 1)).isTrue();
    }
  }
}
