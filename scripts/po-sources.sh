# SPDX-License-Identifier: Apache-2.0
# The files whose labels the catalogues translate (sourced by scripts/update-po and the test
# i18n.template_current): the catalogue itself, the table writer and the reports.
WAYPOINT_PO_SOURCES="src/text/catalogue.cpp src/text/words.hpp src/io/evaluation_io.cpp src/report/labels.hpp src/report/format.hpp src/report/common.hpp src/report/common.cpp src/report/chart.cpp src/report/markdown.cpp src/report/html.cpp"
