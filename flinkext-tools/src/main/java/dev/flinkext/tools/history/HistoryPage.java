/*
 * Copyright 2026 the flinkext authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.flinkext.tools.history;

import dev.flinkext.tools.common.Sizes;
import dev.flinkext.tools.inspect.SnapshotReport;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --html} page of {@code history}: one self-contained HTML file (inline CSS and SVG, no
 * script, nothing fetched) with a chart of each operator's size over the checkpoints, a chart per
 * operator of its states' sizes, and the figures as tables. Every point carries its figures as
 * {@code data-series}, {@code data-checkpoint} and {@code data-bytes} attributes.
 */
@Internal
public final class HistoryPage {

    private static final String[] COLORS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf"
    };
    private static final int WIDTH = 760;
    private static final int HEIGHT = 260;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;

    private HistoryPage() {}

    public static String render(HistoryReport history) {
        List<HistoryReport.Entry> entries = history.snapshots();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>flinkext history: ")
                .append(escape(history.directory()))
                .append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}")
                .append(".legend span{margin-right:1.5em}")
                .append("svg{background:#fafafa;border:1px solid #ddd}\n")
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>State size over checkpoints</h1>\n<p>")
                .append(escape(history.directory()))
                .append(": ")
                .append(entries.size())
                .append(
                        " checkpoints. Figures are flinkext inspect's; states without a size are"
                                + " not attributable in their format (RocksDB SST files).</p>\n");

        Map<String, Map<Long, Long>> operators = new LinkedHashMap<>();
        for (HistoryReport.Entry entry : entries) {
            for (SnapshotReport.Operator operator : entry.report().operators()) {
                operators
                        .computeIfAbsent(label(operator), k -> new LinkedHashMap<>())
                        .put(entry.report().checkpointId(), operator.sizeBytes());
            }
        }
        List<Long> ids = new ArrayList<>();
        entries.forEach(e -> ids.add(e.report().checkpointId()));
        html.append("<h2>Operators</h2>\n");
        chart(html, "operators", ids, operators);
        table(html, ids, operators);

        Map<String, Map<String, Map<Long, Long>>> statesByOperator = new LinkedHashMap<>();
        for (HistoryReport.Entry entry : entries) {
            for (SnapshotReport.Operator operator : entry.report().operators()) {
                for (SnapshotReport.State state : operator.states()) {
                    Map<Long, Long> series =
                            statesByOperator
                                    .computeIfAbsent(label(operator), k -> new LinkedHashMap<>())
                                    .computeIfAbsent(
                                            label(operator) + "/" + state.name(),
                                            k -> new LinkedHashMap<>());
                    series.put(entry.report().checkpointId(), state.sizeBytes());
                }
            }
        }
        for (Map.Entry<String, Map<String, Map<Long, Long>>> operator :
                statesByOperator.entrySet()) {
            html.append("<h2>States of ").append(escape(operator.getKey())).append("</h2>\n");
            chart(html, "states-" + operator.getKey(), ids, operator.getValue());
            table(html, ids, operator.getValue());
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static String label(SnapshotReport.Operator operator) {
        return operator.uid() != null ? operator.uid() : operator.uidHash();
    }

    private static void chart(
            StringBuilder html, String id, List<Long> ids, Map<String, Map<Long, Long>> series) {
        long max = 1;
        for (Map<Long, Long> values : series.values()) {
            for (Long value : values.values()) {
                if (value != null) {
                    max = Math.max(max, value);
                }
            }
        }
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        html.append(
                String.format(
                        "<svg class=\"chart\" id=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                                + " xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">%n",
                        escape(id), WIDTH, HEIGHT, WIDTH, HEIGHT));
        html.append(
                String.format(
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n",
                        LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight));
        html.append(
                String.format(
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n",
                        LEFT, TOP, LEFT, TOP + plotHeight));
        html.append(
                String.format(
                        "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>%n",
                        LEFT - 6, TOP + 4, escape(Sizes.format(max))));
        html.append(
                String.format(
                        "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">0 B</text>%n",
                        LEFT - 6, TOP + plotHeight));
        for (int i = 0; i < ids.size(); i++) {
            html.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">chk-%d</text>%n",
                            x(i, ids.size(), plotWidth),
                            TOP + plotHeight + 16,
                            ids.get(i)));
        }
        int color = 0;
        StringBuilder legend = new StringBuilder("<p class=\"legend\">");
        for (Map.Entry<String, Map<Long, Long>> line : series.entrySet()) {
            String stroke = COLORS[color++ % COLORS.length];
            StringBuilder points = new StringBuilder();
            StringBuilder circles = new StringBuilder();
            for (int i = 0; i < ids.size(); i++) {
                Long value = line.getValue().get(ids.get(i));
                if (value == null) {
                    continue;
                }
                double px = x(i, ids.size(), plotWidth);
                double py = TOP + plotHeight - (double) value / max * plotHeight;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                circles.append(
                        String.format(
                                Locale.ROOT,
                                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" data-series=\"%s\""
                                        + " data-checkpoint=\"%d\" data-bytes=\"%d\"><title>%s, chk-%d: %s"
                                        + "</title></circle>%n",
                                px,
                                py,
                                stroke,
                                escape(line.getKey()),
                                ids.get(i),
                                value,
                                escape(line.getKey()),
                                ids.get(i),
                                escape(Sizes.format(value))));
            }
            if (points.length() > 0) {
                html.append(
                        String.format(
                                "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\""
                                        + " data-series=\"%s\"/>%n",
                                stroke, points.toString().trim(), escape(line.getKey())));
                html.append(circles);
            }
            legend.append("<span style=\"color:")
                    .append(stroke)
                    .append("\">&#9632; ")
                    .append(escape(line.getKey()))
                    .append(points.length() == 0 ? " (not attributable)" : "")
                    .append("</span>");
        }
        html.append("</svg>\n").append(legend).append("</p>\n");
    }

    private static double x(int index, int count, int plotWidth) {
        return count <= 1
                ? LEFT + plotWidth / 2.0
                : LEFT + 10 + (plotWidth - 20.0) * index / (count - 1);
    }

    private static void table(
            StringBuilder html, List<Long> ids, Map<String, Map<Long, Long>> series) {
        html.append("<table>\n<tr><th></th>");
        for (Long id : ids) {
            html.append("<th>chk-").append(id).append("</th>");
        }
        html.append("</tr>\n");
        for (Map.Entry<String, Map<Long, Long>> line : series.entrySet()) {
            html.append("<tr><td>").append(escape(line.getKey())).append("</td>");
            for (Long id : ids) {
                Long value = line.getValue().get(id);
                html.append("<td>")
                        .append(value == null ? "-" : escape(Sizes.format(value)))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
