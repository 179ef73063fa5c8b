package dev.archiver.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds ports nobody listens on, for embedded parts configured with port 0.
 *
 * <p>They are drawn below the operating systems' ephemeral ranges (Linux 32768-60999, macOS and
 * Windows 49152-65535): a port the kernel hands out for binding to 0 is also the kind it hands to
 * outgoing connections, so one chosen there can be taken by a client socket in the moment between
 * choosing it and starting a server on it, or between a server's stop and its restart.
 */
public final class FreePorts {

  private static final int LOWEST = 20_000;
  private static final int HIGHEST = 32_000;
  private static final int ATTEMPTS = 200;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  public static int next() {
    int port = draw(1);
    return port > 0 ? port : anyFromTheKernel();
  }

  /** A free port whose next port is free too: the embedded broker's listener and controller. */
  public static int nextPair() {
    int port = draw(2);
    if (port < 0) {
      throw new IllegalStateException(
          "no two free neighbouring ports between " + LOWEST + " and " + HIGHEST);
    }
    return port;
  }

  /** The first of {@code width} neighbouring ports, all free and now handed out; -1 if none. */
  private static int draw(int width) {
    for (int i = 0; i < ATTEMPTS; i++) {
      int first = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST - width + 1);
      if (claim(first, width)) {
        return first;
      }
    }
    return -1;
  }

  private static boolean claim(int first, int width) {
    for (int port = first; port < first + width; port++) {
      if (inUse(port) || !HANDED_OUT.add(port)) {
        for (int taken = first; taken < port; taken++) {
          HANDED_OUT.remove(taken);
        }
        return false;
      }
    }
    return true;
  }

  /** The port itself, or a free one when 0. */
  public static int orFree(int port) {
    return port == 0 ? next() : port;
  }

  /** Whether something already listens on the port (so starting there would fail). */
  public static boolean inUse(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      socket.setReuseAddress(true);
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static int anyFromTheKernel() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      HANDED_OUT.add(socket.getLocalPort());
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
  }
}
