/* pcap.c — the pcap writer: file and record headers, buffering, sticky errors. */
#include "pcap.h"

#include "error.h"
#include "wire.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Records accumulate here and reach the file in one fwrite when the next might not fit. */
#define PCAP_BUFFER_LEN (1u << 20)

struct pcap_writer {
	FILE *f;
	char *path;
	uint32_t snaplen;    /* as written in the file header */
	uint32_t record_max; /* the largest record: header + min(snaplen, largest packet) */
	uint16_t next_ip_id;
	uint64_t packets;
	uint8_t *buf;
	size_t used;
	GError *failure; /* the first error; sticky */
};

static inline void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static bool fail(pcap_writer *w, GError **error)
{
	if (error)
		*error = g_error_copy(w->failure);
	return false;
}

pcap_writer *pcap_writer_open(const char *path, uint32_t snaplen, GError **error)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot create pcap file %s: %s", path,
			    g_strerror(errno));
		return NULL;
	}
	/* Our buffer is the only one: each flush is one write(2) of up to a megabyte. */
	setvbuf(f, NULL, _IONBF, 0);
	pcap_writer *w = g_new0(pcap_writer, 1);
	w->f = f;
	w->path = g_strdup(path);
	w->snaplen = snaplen ? snaplen : PCAP_SNAPLEN_WHOLE;
	w->record_max = PCAP_RECORD_HEADER_LEN + (w->snaplen < WIRE_PACKET_MAX ? w->snaplen : WIRE_PACKET_MAX);
	w->buf = g_malloc(PCAP_BUFFER_LEN);
	/* File header (pcap-savefile(5)): magic, version, thiszone, sigfigs, snaplen, link type. */
	uint8_t *h = w->buf;
	put_le32(h, PCAP_MAGIC_NSEC);
	put_le16(h + 4, PCAP_VERSION_MAJOR);
	put_le16(h + 6, PCAP_VERSION_MINOR);
	put_le32(h + 8, 0);
	put_le32(h + 12, 0);
	put_le32(h + 16, w->snaplen);
	put_le32(h + 20, PCAP_LINKTYPE_RAW);
	w->used = PCAP_FILE_HEADER_LEN;
	return w;
}

bool pcap_writer_flush(pcap_writer *w, GError **error)
{
	if (w->failure)
		return fail(w, error);
	if (w->used && fwrite(w->buf, 1, w->used, w->f) != w->used) {
		g_set_error(&w->failure, MPSIM_ERROR, MPSIM_ERR_IO, "cannot write pcap file %s: %s", w->path,
			    g_strerror(errno));
		return fail(w, error);
	}
	w->used = 0;
	return true;
}

bool pcap_writer_write(pcap_writer *w, const segment *seg, sim_time_t now, GError **error)
{
	if (w->failure)
		return fail(w, error);
	if (now < 0 || now / SIM_NS_PER_S > (sim_time_t)UINT32_MAX) {
		g_set_error(&w->failure, MPSIM_ERROR, MPSIM_ERR_INTERNAL,
			    "pcap file %s: time %" G_GINT64_FORMAT "ns does not fit a pcap timestamp", w->path, now);
		return fail(w, error);
	}
	if (PCAP_BUFFER_LEN - w->used < w->record_max && !pcap_writer_flush(w, error))
		return false;
	uint8_t *rec = w->buf + w->used;
	uint32_t caplen = 0;
	GError *e = NULL;
	if (!wire_serialize(seg, w->next_ip_id, rec + PCAP_RECORD_HEADER_LEN, w->record_max - PCAP_RECORD_HEADER_LEN,
			    w->snaplen, &caplen, &e)) {
		g_set_error(&w->failure, MPSIM_ERROR, e->code, "pcap file %s, packet %" G_GUINT64_FORMAT ": %s", w->path,
			    w->packets + 1, e->message);
		g_error_free(e);
		return fail(w, error);
	}
	/* Record header: seconds, nanoseconds (the 0xa1b23c4d magic), captured and original length. */
	put_le32(rec, (uint32_t)(now / SIM_NS_PER_S));
	put_le32(rec + 4, (uint32_t)(now % SIM_NS_PER_S));
	put_le32(rec + 8, caplen);
	put_le32(rec + 12, segment_wire_len(seg));
	w->used += PCAP_RECORD_HEADER_LEN + caplen;
	w->next_ip_id++;
	w->packets++;
	return true;
}

bool pcap_writer_close(pcap_writer *w, GError **error)
{
	bool ok = pcap_writer_flush(w, error);
	if (fclose(w->f) != 0 && ok) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot write pcap file %s: %s", w->path,
			    g_strerror(errno));
		ok = false;
	}
	g_clear_error(&w->failure);
	g_free(w->buf);
	g_free(w->path);
	g_free(w);
	return ok;
}

uint64_t pcap_writer_packets(const pcap_writer *w)
{
	return w->packets;
}

const char *pcap_writer_path(const pcap_writer *w)
{
	return w->path;
}
