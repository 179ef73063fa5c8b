package dev.archiver.cost;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigException;
import dev.archiver.config.ConfigException.Problem;
import dev.archiver.config.ConfigKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The price table a configuration asks for: the built-in one or the file cost.prices names, with
 * the filesystem tier's price from cost.filesystem.price-per-gb-month. A file that cannot be used
 * stops start-up with a {@link ConfigException} naming the key and the fix.
 */
public final class CostPrices {

  /** The class whose price cost.filesystem.price-per-gb-month sets. */
  public static final String FILESYSTEM = "FILESYSTEM";

  private CostPrices() {}

  /** Loads and checks the table {@code config} names. */
  public static PriceTable fromConfig(ArchiverConfig config) {
    PriceTable table =
        config.costPrices().map(file -> read(file, config)).orElseGet(PriceTable::builtIn);
    return config
        .costFilesystemPrice()
        .map(price -> table.withStoragePrice(FILESYSTEM, price))
        .orElse(table);
  }

  private static PriceTable read(Path file, ArchiverConfig config) {
    String key = ConfigKeys.COST_PRICES.name();
    String origin =
        config.settings().stream()
            .filter(s -> s.key().equals(key))
            .map(ArchiverConfig.Setting::origin)
            .findFirst()
            .orElse("config");
    String fix =
        "set "
            + key
            + " (or "
            + ConfigKeys.COST_PRICES.envVar()
            + ") to a YAML or JSON price table shaped like the built-in one (docs/cost.md), or remove it for the"
            + " built-in us-east-1 list prices";
    if (!Files.isRegularFile(file)) {
      throw problem(key, file, origin, "no such file", fix);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return PriceTableReader.read(in, file.toString());
    } catch (PriceTableException e) {
      throw problem(
          key,
          file,
          origin,
          "is not a usable price table: " + String.join("; ", e.problems()),
          fix);
    } catch (IOException e) {
      throw problem(key, file, origin, "cannot be read: " + e.getMessage(), fix);
    }
  }

  private static ConfigException problem(
      String key, Path file, String origin, String what, String fix) {
    return new ConfigException(List.of(new Problem(key, file.toString(), origin, what, fix)));
  }
}
