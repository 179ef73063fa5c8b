package dev.archiver.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Finds ports nobody listens on, for embedded parts configured with port 0. */
public final class FreePorts {

  private FreePorts() {}

  public static int next() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
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
}
