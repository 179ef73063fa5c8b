package dev.archiver.streams.intake;

import com.microsoft.kiota.ApiException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Tells "the registry could not be asked" (a retriable outage) from "the registry answered no" (the
 * record's fault). Only the first makes a request wait; everything else is the record's problem and
 * is dead-lettered.
 */
final class RegistryUnavailable {

  private RegistryUnavailable() {}

  static boolean causedBy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException
          || t instanceof SocketTimeoutException
          || t instanceof HttpTimeoutException
          || t instanceof TimeoutException) {
        return true;
      }
      if (t instanceof ApiException api
          && (api.getResponseStatusCode() >= 500 || api.getResponseStatusCode() == 429)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
