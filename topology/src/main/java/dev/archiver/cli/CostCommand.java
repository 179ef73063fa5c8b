package dev.archiver.cli;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigLoader;
import dev.archiver.cost.ClassPrices;
import dev.archiver.cost.CostEstimate;
import dev.archiver.cost.CostPrices;
import dev.archiver.cost.PriceTable;
import dev.archiver.cost.RetrievalTier;
import dev.archiver.cost.StorageBand;
import dev.archiver.cost.ThawPrice;
import dev.archiver.cost.TierNames;
import dev.archiver.cost.Usage;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What storing and reading back a size costs in each storage class, from the price table (the
 * built-in, dated AWS list prices or cost.prices). Pure computation: needs no running archiver.
 */
@Command(
    name = "cost",
    mixinStandardHelpOptions = true,
    description = {
      "Estimate what N GB cost a month in each storage class, from a dated price table (no archiver needs to run).",
      "GB are 2^30 bytes and months 30 days, as AWS bills them. What the numbers leave out: docs/cost.md."
    })
final class CostCommand implements Callable<Integer> {

  private static final BigDecimal CENT = new BigDecimal("0.01");

  @Spec CommandSpec spec;

  @Option(
      names = "--size-gb",
      required = true,
      paramLabel = "N",
      description = "GB stored (0 or more; decimals allowed).")
  String sizeGb;

  @Option(
      names = "--months",
      defaultValue = "1",
      paramLabel = "M",
      description =
          "How long the data stays; the total covers M months. Default: ${DEFAULT-VALUE}.")
  int months;

  @Option(
      names = "--retrievals-gb",
      defaultValue = "0",
      paramLabel = "R",
      description = "GB read back each month. Default: ${DEFAULT-VALUE}.")
  String retrievalsGb;

  @Option(
      names = "--retrieval-tier",
      defaultValue = "standard",
      paramLabel = "SPEED",
      description =
          "Thaw speed the retrievals of cold classes are priced at: expedited, standard, bulk. Default: ${DEFAULT-VALUE}.")
  String retrievalTier;

  @ArgGroup(exclusive = true)
  Scope scope;

  static final class Scope {
    @Option(
        names = "--compare",
        description =
            "All classes side by side, with their prices: storage, retrieval per GB by thaw speed, minimum duration and early-deletion charge, requests.")
    boolean compare;

    @Option(
        names = "--tier",
        paramLabel = "TIER",
        description =
            "One class in detail: hot (FILESYSTEM), standard, ia, glacier-ir, glacier, deep-archive, or a class name of the price table.")
    String tier;
  }

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Config file (YAML or .properties) for cost.prices, cost.filesystem.price-per-gb-month and chunk.size; env vars ARCHIVER_* override it.")
  Path configFile;

  @Override
  public Integer call() {
    BigDecimal size = amount("--size-gb", sizeGb);
    BigDecimal retrievals = amount("--retrievals-gb", retrievalsGb);
    if (months < 1) {
      throw usage("--months " + months + " must be 1 or more");
    }
    RetrievalTier speed =
        RetrievalTier.parse(retrievalTier)
            .orElseThrow(
                () ->
                    usage(
                        "--retrieval-tier '"
                            + retrievalTier
                            + "' is not one of expedited, standard, bulk"));
    ArchiverConfig config = new ConfigLoader().load(configFile, System.getenv(), Map.of());
    PriceTable table = CostPrices.fromConfig(config);
    List<ClassPrices> classes = table.classes();
    if (scope != null && scope.tier != null) {
      classes =
          List.of(
              TierNames.resolve(scope.tier, table)
                  .orElseThrow(
                      () ->
                          usage(
                              "--tier '"
                                  + scope.tier
                                  + "' is not a storage tier of the price table; the tiers are "
                                  + TierNames.accepted(table)
                                  + (RetrievalTier.parse(scope.tier).isPresent()
                                      ? " (for the thaw speed use --retrieval-tier)"
                                      : ""))));
    }
    Usage usage = new Usage(size, months, retrievals, speed, config.chunkSize());
    List<CostEstimate> estimates = classes.stream().map(c -> CostEstimate.of(c, usage)).toList();

    PrintWriter out = spec.commandLine().getOut();
    printSummary(out, table, usage, estimates);
    if (scope != null) {
      out.println();
      printStorage(out, usage, estimates);
      out.println();
      printRetrieval(out, classes);
    }
    out.flush();
    return 0;
  }

  private void printSummary(
      PrintWriter out, PriceTable table, Usage usage, List<CostEstimate> estimates) {
    out.printf(
        "Cost of %s GB stored for %s, %s, in %s%n",
        plain(usage.sizeGb()),
        months(usage.months()),
        usage.retrievalGbPerMonth().signum() == 0
            ? "nothing read back"
            : plain(usage.retrievalGbPerMonth())
                + " GB read back a month ("
                + usage.retrievalTier().label()
                + " thaw for cold classes)",
        table.currency());
    out.printf("%s (prices change: check them, or set cost.prices)%n%n", table.describe());
    TextTable summary =
        new TextTable(
            "CLASS",
            "TIER",
            ">STORAGE/MONTH",
            ">RETRIEVAL/MONTH",
            ">UPLOAD",
            ">TOTAL " + months(usage.months()).toUpperCase(Locale.ROOT));
    for (CostEstimate e : estimates) {
      summary.row(
          e.prices().name(),
          TierNames.shortName(e.prices().name()).orElse("-"),
          money(e.storagePerMonth()),
          e.retrievalPerMonth().map(CostCommand::money).orElse("n/a"),
          money(e.uploads()),
          e.total().map(t -> money(t) + (e.billedForMinimum() ? " *" : "  ")).orElse("n/a  "));
    }
    summary.print(out);
    out.println();
    if (estimates.stream().anyMatch(CostEstimate::billedForMinimum)) {
      out.printf(
          "* includes the early-deletion charge: the class bills at least its minimum duration (%s)%n",
          estimates.stream()
              .filter(CostEstimate::billedForMinimum)
              .map(e -> e.prices().name() + " " + e.prices().minimumDays() + " days")
              .collect(Collectors.joining(", ")));
    }
    for (CostEstimate e : estimates) {
      if (e.retrievalPerMonth().isEmpty()) {
        out.printf(
            "n/a: %s has no %s thaw; it offers %s%n",
            e.prices().name(),
            usage.retrievalTier().label(),
            e.prices().thaw().keySet().stream()
                .sorted()
                .map(RetrievalTier::label)
                .collect(Collectors.joining(", ")));
      }
    }
    out.printf(
        "UPLOAD: the PUT requests that store it once, one per %s object (chunk.size)%n",
        ProgressBar.bytes(usage.objectBytes()));
    for (CostEstimate e : estimates) {
      if (!e.prices().note().isEmpty()) {
        out.printf("%s: %s%n", e.prices().name(), e.prices().note());
      }
    }
    if (!table.note().isEmpty()) {
      out.println(table.note());
    }
  }

  private static void printStorage(PrintWriter out, Usage usage, List<CostEstimate> estimates) {
    out.println("Storage and requests");
    TextTable storage =
        new TextTable(
            "CLASS",
            ">PER GB-MONTH",
            ">MINIMUM DAYS",
            ">EARLY DELETE (" + plain(usage.sizeGb()) + " GB)",
            ">PUT/1000",
            ">GET/1000");
    List<String> bands = new ArrayList<>();
    for (CostEstimate e : estimates) {
      ClassPrices p = e.prices();
      storage.row(
          p.name(),
          price(p.basePricePerGbMonth()) + (p.banded() ? " +" : ""),
          p.minimumDays() == 0 ? "-" : Integer.toString(p.minimumDays()),
          p.minimumDays() == 0 ? "-" : money(e.minimumCharge()),
          price(p.putPer1000()),
          price(p.getPer1000()));
      if (p.banded()) {
        bands.add(p.name() + " " + describeBands(p.storage()));
      }
    }
    storage.print(out);
    out.println();
    out.println(
        "EARLY DELETE: what removing it at once still costs (storage for the minimum days, 30-day months)");
    bands.forEach(b -> out.println("+ volume bands: " + b));
  }

  private static void printRetrieval(PrintWriter out, List<ClassPrices> classes) {
    out.println("Retrieval, per GB + per 1,000 restore requests (GET/1000 comes on top)");
    TextTable retrieval =
        new TextTable(
            "CLASS", ">READ (NO THAW)", ">THAW EXPEDITED", ">THAW STANDARD", ">THAW BULK");
    for (ClassPrices p : classes) {
      List<String> cells = new ArrayList<>();
      cells.add(p.name());
      cells.add(p.needsThaw() ? "-" : price(p.retrievalPerGb()));
      for (RetrievalTier tier : RetrievalTier.values()) {
        ThawPrice thaw = p.thaw().get(tier);
        cells.add(
            !p.needsThaw()
                ? "-"
                : thaw == null
                    ? "not offered"
                    : price(thaw.perGb()) + " + " + price(thaw.per1000Requests()) + "/1000");
      }
      retrieval.row(cells.toArray(String[]::new));
    }
    retrieval.print(out);
  }

  private static String describeBands(List<StorageBand> bands) {
    StringBuilder text = new StringBuilder();
    for (StorageBand band : bands) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(price(band.pricePerGbMonth()))
          .append(band.upToGb() == null ? " above" : " up to " + plain(band.upToGb()) + " GB");
    }
    return text.toString();
  }

  private BigDecimal amount(String option, String text) {
    BigDecimal value;
    try {
      value = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw usage(option + " '" + text + "' is not a number of GB, such as 500 or 1.5");
    }
    if (value.signum() < 0) {
      throw usage(option + " " + text + " must be 0 or more");
    }
    return value;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static String months(int months) {
    return months == 1 ? "1 month" : months + " months";
  }

  /** An amount to the cent, with thousands separated; a nonzero amount below a cent says so. */
  static String money(BigDecimal amount) {
    if (amount.signum() > 0 && amount.compareTo(CENT) < 0) {
      return "<0.01";
    }
    return String.format(Locale.ROOT, "%,.2f", amount.setScale(2, RoundingMode.HALF_UP));
  }

  /** A size as written, without trailing zeros or exponent. */
  static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }

  /** A price with all its digits, at least to the cent: 0.023, 0.10, 10.00. */
  static String price(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return (stripped.scale() < 2 ? value.setScale(2, RoundingMode.UNNECESSARY) : stripped)
        .toPlainString();
  }

  /** Columns padded to their widest cell; a header starting with '>' is right-aligned. */
  static final class TextTable {
    private final String[] headers;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... headers) {
      this.headers = new String[headers.length];
      this.right = new boolean[headers.length];
      for (int i = 0; i < headers.length; i++) {
        right[i] = headers[i].startsWith(">");
        this.headers[i] = right[i] ? headers[i].substring(1) : headers[i];
      }
    }

    void row(String... cells) {
      rows.add(cells);
    }

    void print(PrintWriter out) {
      int[] widths = new int[headers.length];
      for (int i = 0; i < headers.length; i++) {
        widths[i] = headers[i].length();
        for (String[] row : rows) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      line(out, headers, widths);
      for (String[] row : rows) {
        line(out, row, widths);
      }
    }

    private void line(PrintWriter out, String[] cells, int[] widths) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < cells.length; i++) {
        String pad = " ".repeat(widths[i] - cells[i].length());
        text.append(i == 0 ? "" : "  ").append(right[i] ? pad + cells[i] : cells[i] + pad);
      }
      out.println(text.toString().stripTrailing());
    }
  }
}
