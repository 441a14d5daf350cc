/* plot_gp.c — what every generated gnuplot script shares.
 *
 * A script starts with a comment saying what it draws from which files and how to re-run it, sets
 * the CSV conventions, the palette (one style per colour index, so a connection has the same colour
 * in every plot) and a sober paper style, then draws its picture once per output format inside
 * `do for [fmt in formats]`. The SVG is 800 px wide with a 10 pt font; the PNG is the same picture
 * 1.5 times larger, so every layout decision (margins, where labels go) is made once, in screen
 * fractions, from estimated text widths. Everything printed is a function of the results only:
 * numbers are written exactly or with fixed precision, never with the locale's decimal point. */
#include "plot_impl.h"

#include "error.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* Okabe & Ito's colour-blind-safe palette (black and yellow left out: too close to the axes and too
 * faint on white), then two from Paul Tol's. Past the end, colours repeat with another dash. */
static const char *const palette[] = { "#0072B2", "#D55E00", "#009E73", "#E69F00",
				       "#CC79A7", "#56B4E9", "#882255", "#44AA99" };

/* Text size. pngcairo reads it as points at 96 dpi, the SVG terminal as pixels: 10 pt in the SVG's
 * 800 px is 13.33 px, and the same text in the PNG's 1200 px is 15 pt. */
#define FONT_PT 10
#define CHAR_PX 7.8  /* a generous average advance of DejaVu Sans at 10 px, digits and capitals included */
#define LINE_PX 17.5 /* text line pitch of the 10 pt font, as gnuplot spaces it */

double an_plot_char_width(void)
{
	return CHAR_PX / AN_PLOT_SVG_WIDTH;
}

double an_plot_line_height(int height)
{
	return LINE_PX / height;
}

char *an_plot_gp_quote(const char *s)
{
	GString *q = g_string_new("'");
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch < 0x20 || ch == 0x7f)
			continue;
		if (ch == '\'')
			g_string_append_c(q, '\'');
		g_string_append_c(q, (char)ch);
	}
	g_string_append_c(q, '\'');
	return g_string_free(q, FALSE);
}

void an_plot_gp_append_seconds(GString *s, int64_t ns)
{
	if (ns < 0) {
		g_string_append_c(s, '-');
		ns = -ns;
	}
	g_string_append_printf(s, "%" G_GINT64_FORMAT, ns / 1000000000);
	int64_t frac = ns % 1000000000;
	if (!frac)
		return;
	char digits[16];
	g_snprintf(digits, sizeof digits, "%09" G_GINT64_FORMAT, frac);
	size_t n = strlen(digits);
	while (n > 1 && digits[n - 1] == '0')
		digits[--n] = '\0';
	g_string_append_printf(s, ".%s", digits);
}

void an_plot_gp_append_fixed(GString *s, double v, int decimals)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	char fmt[16];
	g_snprintf(fmt, sizeof fmt, "%%.%df", decimals);
	g_string_append(s, g_ascii_formatd(buf, sizeof buf, fmt, v));
}

an_plot_gp *an_plot_gp_new(const char *name, const char *what, const char *sources, unsigned formats, int height)
{
	an_plot_gp *gp = g_new0(an_plot_gp, 1);
	gp->name = g_strdup(name);
	gp->text = g_string_new(NULL);
	gp->formats = formats ? formats : AN_PLOT_ALL_FORMATS;
	gp->height = height;
	GString *t = gp->text;
	GString *fmts = g_string_new(NULL);
	if (gp->formats & AN_PLOT_PNG)
		g_string_append(fmts, "png");
	if (gp->formats & AN_PLOT_SVG)
		g_string_append_printf(fmts, "%ssvg", fmts->len ? " " : "");
	g_string_append_printf(t, "# %s.gp — %s\n", name, what);
	g_string_append_printf(t, "# Made by mptcpsim plot from %s (paths relative to this folder).\n", sources);
	g_string_append_printf(t, "# Edit freely, then run inside this folder: gnuplot %s.gp\n", name);
	g_string_append_printf(t, "# It writes %s.{%s}; for one format: gnuplot -e \"formats='svg'\" %s.gp\n", name,
			       gp->formats == AN_PLOT_ALL_FORMATS ? "png,svg" : fmts->str, name);
	g_string_append_printf(t, "if (!exists(\"formats\")) formats = '%s'\n\n", fmts->str);
	g_string_free(fmts, TRUE);
	g_string_append(t, "set encoding utf8\n"
			   "set datafile separator comma\n"
			   "# Palette: one colour per connection, the same in every plot of this folder.\n");
	for (guint i = 0; i < G_N_ELEMENTS(palette) * 2; i++)
		g_string_append_printf(t, "set style line %u lc rgb '%s' lw 2 dt %u pt 7 ps 0.5\n", i + 1,
				       palette[i % G_N_ELEMENTS(palette)], 1 + i / (guint)G_N_ELEMENTS(palette));
	g_string_append(t, "set style line 100 lc rgb '#333333' lw 1.2 dt 2  # link events\n"
			   "set style line 101 lc rgb '#333333' lw 1       # axes\n"
			   "set style line 102 lc rgb '#E0E0E0' lw 1       # grid\n"
			   "set border 3 back ls 101\n"
			   "set tics nomirror out scale 0.5 textcolor rgb '#222222'\n"
			   "set grid back ls 102\n"
			   "set key noautotitle textcolor rgb '#222222'\n"
			   "set title textcolor rgb '#111111'\n\n");
	return gp;
}

void an_plot_gp_free(an_plot_gp *gp)
{
	if (!gp)
		return;
	g_free(gp->name);
	g_string_free(gp->text, TRUE);
	g_free(gp);
}

void an_plot_gp_begin_outputs(an_plot_gp *gp)
{
	int w = AN_PLOT_SVG_WIDTH, h = gp->height;
	GString *png_font = g_string_new(NULL), *png_lw = g_string_new(NULL), *svg_font = g_string_new(NULL);
	an_plot_gp_append_fixed(png_font, FONT_PT * AN_PLOT_PNG_SCALE, 1);
	an_plot_gp_append_fixed(png_lw, AN_PLOT_PNG_SCALE, 1);
	an_plot_gp_append_fixed(svg_font, FONT_PT * 96.0 / 72.0, 2);
	g_string_append_printf(
		gp->text,
		"do for [fmt in formats] {\n"
		"  if (fmt eq 'png') {\n"
		"    set terminal pngcairo size %d,%d font 'DejaVu Sans,%s' linewidth %s noenhanced background rgb 'white'\n"
		"  } else {\n"
		"    if (fmt ne 'svg') { print 'unknown format ', fmt, ' (png or svg)'; exit status 1 }\n"
		"    set terminal svg size %d,%d font 'DejaVu Sans,%s' linewidth 1 noenhanced background rgb 'white'\n"
		"  }\n"
		"  set output '%s.'.fmt\n",
		(int)(w * AN_PLOT_PNG_SCALE), (int)(h * AN_PLOT_PNG_SCALE), png_font->str, png_lw->str, w, h, svg_font->str,
		gp->name);
	g_string_free(png_font, TRUE);
	g_string_free(png_lw, TRUE);
	g_string_free(svg_font, TRUE);
}

void an_plot_gp_end_outputs(an_plot_gp *gp)
{
	g_string_append(gp->text, "  unset output\n}\n");
}

bool an_plot_gp_save(const an_plot_gp *gp, const char *plots_dir, GError **error)
{
	char *file = g_strdup_printf("%s.gp", gp->name);
	char *path = g_build_filename(plots_dir, file, NULL);
	GError *e = NULL;
	bool ok = g_file_set_contents(path, gp->text->str, (gssize)gp->text->len, &e);
	if (!ok) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot write %s: %s", path, e->message);
		g_error_free(e);
	}
	g_free(path);
	g_free(file);
	return ok;
}

void an_plot_gp_margins(GString *t, const an_plot_frame *f)
{
	g_string_append(t, "  set lmargin at screen ");
	an_plot_gp_append_fixed(t, f->left, 3);
	g_string_append(t, "; set rmargin at screen ");
	an_plot_gp_append_fixed(t, f->right, 3);
	g_string_append(t, "; set bmargin at screen ");
	an_plot_gp_append_fixed(t, f->bottom, 3);
	g_string_append(t, "; set tmargin at screen ");
	an_plot_gp_append_fixed(t, f->top, 3);
	g_string_append_c(t, '\n');
}

void an_plot_gp_time_axis(GString *t, const an_plot_data *d)
{
	g_string_append(t, "  set xrange [0:");
	an_plot_gp_append_seconds(t, d->duration_ns);
	g_string_append(t, "]\n  set xlabel 'time (s)'\n");
}

void an_plot_gp_title(GString *t, const char *title, guint event_rows)
{
	char *q = an_plot_gp_quote(title);
	g_string_append_printf(t, "  set title %s offset 0, char ", q);
	an_plot_gp_append_fixed(t, 1.1 * event_rows, 1);
	g_string_append_c(t, '\n');
	g_free(q);
}

double an_plot_frame_top(int height, guint event_rows)
{
	return 1.0 - an_plot_line_height(height) * (2.3 + 1.1 * event_rows) - 0.01;
}

/* Display width of a UTF-8 label, in characters. */
static double text_chars(const char *s)
{
	return (double)g_utf8_strlen(s, -1);
}

/* A key entry's sample line (samplen 2.5) and the gaps around it and its text, in SVG pixels. */
#define KEY_SAMPLE_PX 56.0
/* Longest label that still leaves the plot most of the width when the key sits on the right. */
#define KEY_RIGHT_MAX_CHARS 30

void an_plot_key_place(an_plot_key *k, an_plot_frame *f, const char *const *labels, guint n, int height)
{
	double longest = 0;
	for (guint i = 0; i < n; i++)
		longest = MAX(longest, text_chars(labels[i]));
	memset(k, 0, sizeof *k);
	k->n = n;
	f->right = 0.97;
	if (!n)
		return;
	double entry = (longest * CHAR_PX + KEY_SAMPLE_PX) / AN_PLOT_SVG_WIDTH;
	if (longest <= KEY_RIGHT_MAX_CHARS) {
		f->right = 1.0 - entry - 0.02;
		k->x = f->right + 0.01;
		return;
	}
	/* below the x axis label, in as many columns as fit under the plot */
	k->below = true;
	double span = 0.97 - (f->left - 0.06);
	k->cols = MAX(1u, MIN(n, (guint)(span / (entry + 0.02))));
	k->rows = (n + k->cols - 1) / k->cols;
	double lh = an_plot_line_height(height);
	k->x = f->left - 0.06;
	k->y = 0.015 + 1.25 * lh * k->rows;
	f->bottom = k->y + 4.0 * lh;
}

void an_plot_gp_key(GString *t, const an_plot_key *k)
{
	if (!k->n) {
		g_string_append(t, "  unset key\n");
		return;
	}
	g_string_append(t, "  set key at screen ");
	an_plot_gp_append_fixed(t, k->x, 3);
	if (k->below) {
		g_string_append(t, ", screen ");
		an_plot_gp_append_fixed(t, k->y, 3);
		g_string_append_printf(t, " left top vertical maxrows %u", k->rows);
	} else {
		g_string_append(t, ", graph 1 left top vertical");
	}
	g_string_append(t, " Left reverse samplen 2.5 spacing 1.25 width 1\n");
}
