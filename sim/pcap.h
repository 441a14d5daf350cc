/* pcap.h — writes simulated segments as a pcap file that Wireshark, tshark and tcpdump read.
 *
 * Format: classic pcap with nanosecond timestamps (magic 0xa1b23c4d, version 2.4) and link type
 * LINKTYPE_RAW (101): each record is a bare IPv4 or IPv6 packet, so both families share one file.
 * The file is always little-endian and the IPv4 identification comes from a per-writer counter, so
 * the same run writes the same bytes on every machine (DESIGN.md, determinism). Timestamps are the
 * simulated time since the epoch (a run starts at 1970-01-01 00:00:00).
 *
 * Cost: a record is serialised straight into a 1 MiB buffer that goes to the file with one write
 * when full, so the hot path is wire_serialize() plus a 16-byte record header.
 *
 * Usage: pcap_writer_open(), pcap_writer_write() per packet, pcap_writer_close(). The first error
 * (a bad segment, a failed write) sticks: later writes do nothing and return false, and close
 * reports it, so a caller on the hot path may ignore write's result and check close. */
#ifndef MPTCPSIM_SIM_PCAP_H
#define MPTCPSIM_SIM_PCAP_H

#include "segment.h"
#include "simtime.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define PCAP_MAGIC_NSEC 0xa1b23c4du
#define PCAP_MAGIC_USEC 0xa1b2c3d4u
#define PCAP_VERSION_MAJOR 2
#define PCAP_VERSION_MINOR 4
#define PCAP_FILE_HEADER_LEN 24
#define PCAP_RECORD_HEADER_LEN 16
/* LINKTYPE_RAW from the tcpdump.org link-layer header type registry: IPv4 or IPv6, no link header. */
#define PCAP_LINKTYPE_RAW 101
/* The snap length written for "whole packets" (snaplen 0), as tcpdump and Wireshark do. */
#define PCAP_SNAPLEN_WHOLE 262144u

typedef struct pcap_writer pcap_writer;

/* Create (truncate) `path` and write the file header. snaplen 0 keeps whole packets; otherwise
 * each record keeps the first `snaplen` bytes (checksums still cover the whole packet). */
pcap_writer *pcap_writer_open(const char *path, uint32_t snaplen, GError **error);

/* Append one packet stamped `now` (>= 0 and below 2^32 seconds: the pcap seconds field is 32 bits). */
bool pcap_writer_write(pcap_writer *w, const segment *seg, sim_time_t now, GError **error);

/* Push buffered records to the file (also done when the buffer fills and at close). */
bool pcap_writer_flush(pcap_writer *w, GError **error);

/* Flush, close and free `w` (always freed). False with the first error of the writer's life. */
bool pcap_writer_close(pcap_writer *w, GError **error);

uint64_t pcap_writer_packets(const pcap_writer *w);
const char *pcap_writer_path(const pcap_writer *w);

#endif
