package io.ap2p.sim.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG figures of a report, drawn with JFreeChart (headless). */
final class Plots {

  static final int WIDTH = 900;
  static final int HEIGHT = 540;

  private static final Color[] PALETTE = {
    new Color(0xd62728),
    new Color(0x1f77b4),
    new Color(0x2ca02c),
    new Color(0x9467bd),
    new Color(0xff7f0e),
    new Color(0x8c564b),
    new Color(0x17becf),
    new Color(0x7f7f7f)
  };

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Plots() {}

  /** A line chart: one series per entry, each a list of (x, y) points in x order. */
  static void lines(
      Path file, String title, String xLabel, String yLabel, Map<String, List<double[]>> series)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (var e : series.entrySet()) {
      XYSeries s = new XYSeries(e.getKey(), true, false);
      for (double[] xy : e.getValue()) {
        s.add(xy[0], xy[1]);
      }
      data.addSeries(s);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(r);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }

  /** A grouped bar chart: series → category → value. */
  static void bars(
      Path file,
      String title,
      String categoryLabel,
      String yLabel,
      Map<String, Map<String, Double>> series)
      throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    series.forEach((s, byCategory) -> byCategory.forEach((c, v) -> data.addValue(v, s, c)));
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, categoryLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
    chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
    for (int i = 0; i < data.getRowCount(); i++) {
      chart.getCategoryPlot().getRenderer().setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }
}
