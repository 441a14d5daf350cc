/* units.c — exact parsing of "<decimal><unit>" values. */
#include "units.h"

#include "error.h"

#include <errno.h>
#include <string.h>

struct unit {
	const char *name;
	int64_t factor; /* base units per one of this unit */
};

static const struct unit time_units[] = {
	{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", INT64_C(1000000000) },
	{ "min", INT64_C(60000000000) }, { NULL, 0 },
};

static const struct unit rate_units[] = {
	{ "bit", 1 }, { "Kbit", 1000 }, { "kbit", 1000 }, { "Mbit", 1000000 }, { "Gbit", INT64_C(1000000000) },
	{ "bps", 1 }, { "Kbps", 1000 }, { "kbps", 1000 }, { "Mbps", 1000000 }, { "Gbps", INT64_C(1000000000) },
	{ NULL, 0 },
};

static const struct unit size_units[] = {
	{ "B", 1 }, { "KB", 1000 }, { "MB", 1000000 }, { "GB", INT64_C(1000000000) },
	{ "KiB", 1024 }, { "MiB", 1024 * 1024 }, { "GiB", INT64_C(1024) * 1024 * 1024 }, { NULL, 0 },
};

static const struct unit packet_units[] = { { "pkt", 1 }, { NULL, 0 } };

/* A non-negative decimal "123", "1.25": digits as an integer plus the count of fraction digits. */
struct decimal {
	int64_t digits;
	int scale; /* value = digits / 10^scale */
};

static bool parse_decimal(const char *text, struct decimal *d, const char **rest)
{
	const char *p = text;
	int64_t v = 0;
	int scale = 0, n_digits = 0;
	bool in_fraction = false;
	for (;; p++) {
		if (*p >= '0' && *p <= '9') {
			if (v > (INT64_MAX - 9) / 10)
				return false; /* overflow */
			v = v * 10 + (*p - '0');
			n_digits++;
			if (in_fraction)
				scale++;
		} else if (*p == '.' && !in_fraction) {
			in_fraction = true;
		} else {
			break;
		}
	}
	if (n_digits == 0)
		return false;
	d->digits = v;
	d->scale = scale;
	*rest = p;
	return true;
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static char *units_list(const struct unit *units)
{
	GString *s = g_string_new(NULL);
	for (const struct unit *u = units; u->name; u++)
		g_string_append_printf(s, "%s%s", s->len ? ", " : "", u->name);
	return g_string_free(s, FALSE);
}

/* value = decimal * factor, exactly; false if it overflows or is not whole. */
static bool scale_exact(struct decimal d, int64_t factor, int64_t *out, const char **why)
{
	int64_t div = 1;
	for (int i = 0; i < d.scale; i++) {
		if (div > INT64_MAX / 10) {
			*why = "too many decimal places";
			return false;
		}
		div *= 10;
	}
	if (factor != 0 && d.digits > INT64_MAX / factor) {
		/* digits*factor overflows: try dividing first when exact */
		if (factor % div == 0 && d.digits <= INT64_MAX / (factor / div)) {
			*out = d.digits * (factor / div);
			return true;
		}
		*why = "the value is too large";
		return false;
	}
	int64_t num = d.digits * factor;
	if (num % div != 0) {
		*why = "the value is not a whole number of the smallest unit";
		return false;
	}
	*out = num / div;
	return true;
}

static bool parse_with_units(const char *text, const struct unit *units, const char *kind, const char *example,
			     int64_t *out, GError **error)
{
	char *list = NULL;
	const char *p = skip_space(text);
	struct decimal d;
	const char *rest;
	if (*p == '-') {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "expected a non-negative %s like %s, got \"%s\"", kind,
			    example, text);
		return false;
	}
	if (!parse_decimal(p, &d, &rest)) {
		list = units_list(units);
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "expected a %s like %s (units: %s), got \"%s\"", kind,
			    example, list, text);
		g_free(list);
		return false;
	}
	rest = skip_space(rest);
	size_t ulen = strlen(rest);
	while (ulen > 0 && (rest[ulen - 1] == ' ' || rest[ulen - 1] == '\t'))
		ulen--;
	for (const struct unit *u = units; u->name; u++) {
		if (strlen(u->name) == ulen && strncmp(u->name, rest, ulen) == 0) {
			const char *why = NULL;
			if (!scale_exact(d, u->factor, out, &why)) {
				g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "expected a %s like %s, got \"%s\": %s", kind,
					    example, text, why);
				return false;
			}
			return true;
		}
	}
	list = units_list(units);
	if (ulen == 0)
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "expected a %s with a unit like %s (units: %s), got \"%s\"",
			    kind, example, list, text);
	else
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "expected a %s like %s (units: %s), got \"%s\": unknown unit \"%.*s\"",
			    kind, example, list, text, (int)ulen, rest);
	g_free(list);
	return false;
}

bool units_parse_time(const char *text, sim_time_t *out_ns, GError **error)
{
	return parse_with_units(text, time_units, "time", "20ms", out_ns, error);
}

bool units_parse_rate(const char *text, int64_t *out_bps, GError **error)
{
	return parse_with_units(text, rate_units, "rate", "20Mbit", out_bps, error);
}

bool units_parse_size(const char *text, int64_t *out_bytes, GError **error)
{
	return parse_with_units(text, size_units, "size", "64KB", out_bytes, error);
}

bool units_parse_packets(const char *text, int64_t *out_packets, GError **error)
{
	return parse_with_units(text, packet_units, "packet count", "100pkt", out_packets, error);
}

bool units_parse_percent(const char *text, double *out_fraction, GError **error)
{
	/* Exact: parse as parts per 10^12, then convert once. */
	static const struct unit pct[] = { { "%", INT64_C(10000000000) }, { NULL, 0 } };
	int64_t ppt;
	if (!parse_with_units(text, pct, "percentage", "0.5%", &ppt, error))
		return false;
	if (ppt > INT64_C(1000000000000)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "expected a percentage between 0%% and 100%%, got \"%s\"",
			    text);
		return false;
	}
	*out_fraction = (double)ppt / 1e12;
	return true;
}

bool units_parse_queue(const char *text, int64_t *out_value, bool *out_in_packets, GError **error)
{
	static const struct unit queue_units[] = {
		{ "pkt", 1 }, { "B", 1 }, { "KB", 1000 }, { "MB", 1000000 }, { "GB", INT64_C(1000000000) },
		{ "KiB", 1024 }, { "MiB", 1024 * 1024 }, { "GiB", INT64_C(1024) * 1024 * 1024 }, { NULL, 0 },
	};
	if (!parse_with_units(text, queue_units, "queue limit", "100pkt or 64KB", out_value, error))
		return false;
	size_t len = strlen(text);
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	*out_in_packets = len >= 3 && strncmp(text + len - 3, "pkt", 3) == 0;
	return true;
}

bool units_parse_int(const char *text, int64_t *out, GError **error)
{
	const char *p = skip_space(text);
	char *end = NULL;
	if (*p == '\0')
		goto bad;
	errno = 0;
	long long v = g_ascii_strtoll(p, &end, 10);
	if (end == p)
		goto bad;
	end = (char *)skip_space(end);
	if (*end != '\0')
		goto bad;
	if (errno == ERANGE) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "expected an integer within 64 bits, got \"%s\"", text);
		return false;
	}
	*out = v;
	return true;
bad:
	g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "expected an integer like 42, got \"%s\"", text);
	return false;
}

bool units_parse_bool(const char *text, bool *out, GError **error)
{
	char *t = g_strstrip(g_strdup(text));
	bool ok = true;
	if (!strcmp(t, "true") || !strcmp(t, "yes") || !strcmp(t, "on") || !strcmp(t, "1"))
		*out = true;
	else if (!strcmp(t, "false") || !strcmp(t, "no") || !strcmp(t, "off") || !strcmp(t, "0"))
		*out = false;
	else {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "expected true or false, got \"%s\"", text);
		ok = false;
	}
	g_free(t);
	return ok;
}

static char *format_largest(int64_t v, const struct unit *units)
{
	const struct unit *best = &units[0];
	for (const struct unit *u = units; u->name; u++)
		if (v != 0 && u->factor > best->factor && v % u->factor == 0)
			best = u;
	return g_strdup_printf("%" G_GINT64_FORMAT "%s", v / best->factor, best->name);
}

char *units_format_time(sim_time_t ns)
{
	static const struct unit t[] = { { "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", INT64_C(1000000000) }, { NULL, 0 } };
	return format_largest(ns, t);
}

char *units_format_rate(int64_t bps)
{
	static const struct unit r[] = { { "bit", 1 }, { "Kbit", 1000 }, { "Mbit", 1000000 }, { "Gbit", INT64_C(1000000000) }, { NULL, 0 } };
	return format_largest(bps, r);
}

char *units_format_size(int64_t bytes)
{
	static const struct unit s[] = { { "B", 1 }, { "KB", 1000 }, { "MB", 1000000 }, { "GB", INT64_C(1000000000) }, { NULL, 0 } };
	return format_largest(bytes, s);
}
