/* mib.h — MPTCP counters per stack, named as Linux's MIB (net/mptcp/mib.c, nstat MPTcpExt*).
 *
 * An enum and a name table, as Linux keeps them. Counters Linux does not have are marked "ours"
 * and named in the same style. A stack counts for all of its connections (mptcp_stack_mib). */
#ifndef MPTCPSIM_PROTOCOL_MPTCP_MIB_H
#define MPTCPSIM_PROTOCOL_MPTCP_MIB_H

typedef enum mptcp_mib {
	MPTCP_MIB_MPCAPABLEPASSIVE,        /* MPCapableSYNRX: SYN with MP_CAPABLE received */
	MPTCP_MIB_MPCAPABLEACTIVE,         /* MPCapableSYNTX: SYN with MP_CAPABLE sent */
	MPTCP_MIB_MPCAPABLEACTIVEACK,      /* MPCapableSYNACKRX: SYN/ACK with MP_CAPABLE received */
	MPTCP_MIB_MPCAPABLEPASSIVEACK,     /* MPCapableACKRX: third ACK (or first data) with MP_CAPABLE */
	MPTCP_MIB_MPCAPABLEPASSIVEFALLBACK,/* MPCapableFallbackACK: server fell back during the handshake */
	MPTCP_MIB_MPCAPABLEACTIVEFALLBACK, /* MPCapableFallbackSYNACK: client fell back, SYN/ACK without it */
	MPTCP_MIB_TOKENFALLBACKINIT,       /* MPFallbackTokenInit: no unused token could be drawn */
	MPTCP_MIB_RETRANSSEGS,             /* MPTCPRetrans: data reinjected at the MPTCP level (chunks) */
	MPTCP_MIB_JOINNOTOKEN,             /* MPJoinNoTokenFound */
	MPTCP_MIB_JOINSYNRX,               /* MPJoinSynRx */
	MPTCP_MIB_JOINSYNBACKUPRX,         /* MPJoinSynBackupRx */
	MPTCP_MIB_JOINSYNACKRX,            /* MPJoinSynAckRx */
	MPTCP_MIB_JOINSYNACKBACKUPRX,      /* MPJoinSynAckBackupRx */
	MPTCP_MIB_JOINSYNACKMAC,           /* MPJoinSynAckHMacFailure */
	MPTCP_MIB_JOINACKRX,               /* MPJoinAckRx */
	MPTCP_MIB_JOINACKMAC,              /* MPJoinAckHMacFailure */
	MPTCP_MIB_JOINSYNTX,               /* MPJoinSynTx */
	MPTCP_MIB_JOINREJECTED,            /* MPJoinRejected: refused by the path manager or the C flag */
	MPTCP_MIB_DSSNOMATCH,              /* DSSNotMatching: a mapping contradicting an earlier one */
	MPTCP_MIB_DSSCORRUPTIONFALLBACK,   /* DSSCorruptionFallback: data without a mapping, fell back */
	MPTCP_MIB_DSSCORRUPTIONRESET,      /* DSSCorruptionReset: data without a valid mapping, subflow reset */
	MPTCP_MIB_INFINITEMAPTX,           /* InfiniteMapTx */
	MPTCP_MIB_INFINITEMAPRX,           /* InfiniteMapRx */
	MPTCP_MIB_DSSTCPMISMATCH,          /* DSSNoMatchTCP: a mapping that does not cover its segment */
	MPTCP_MIB_DATACSUMERR,             /* DataCsumErr */
	MPTCP_MIB_OFOQUEUETAIL,            /* OFOQueueTail */
	MPTCP_MIB_OFOQUEUE,                /* OFOQueue */
	MPTCP_MIB_NODSSWINDOW,             /* NoDSSInWindow: data beyond the receive window */
	MPTCP_MIB_DUPDATA,                 /* DuplicateData */
	MPTCP_MIB_ADDADDR,                 /* AddAddr: ADD_ADDR (not an echo) received and accepted */
	MPTCP_MIB_ADDADDRTX,               /* AddAddrTx (retransmissions included) */
	MPTCP_MIB_ADDADDRTXDROP,           /* AddAddrTxDrop: an ADD_ADDR that can never fit */
	MPTCP_MIB_ECHOADD,                 /* EchoAdd */
	MPTCP_MIB_ECHOADDTX,               /* EchoAddTx */
	MPTCP_MIB_PORTADD,                 /* PortAdd: ADD_ADDR with a port received */
	MPTCP_MIB_ADDADDRDROP,             /* AddAddrDrop: ADD_ADDR over the path manager's limits */
	MPTCP_MIB_RMADDR,                  /* RmAddr */
	MPTCP_MIB_RMADDRDROP,              /* RmAddrDrop: REMOVE_ADDR for an unknown address ID */
	MPTCP_MIB_RMADDRTX,                /* RmAddrTx */
	MPTCP_MIB_RMSUBFLOW,               /* RmSubflow: subflows closed for a REMOVE_ADDR */
	MPTCP_MIB_MPPRIOTX,                /* MPPrioTx */
	MPTCP_MIB_MPPRIORX,                /* MPPrioRx */
	MPTCP_MIB_MPFAILTX,                /* MPFailTx */
	MPTCP_MIB_MPFAILRX,                /* MPFailRx */
	MPTCP_MIB_MPFASTCLOSETX,           /* MPFastcloseTx */
	MPTCP_MIB_MPFASTCLOSERX,           /* MPFastcloseRx */
	MPTCP_MIB_MPRSTTX,                 /* MPRstTx */
	MPTCP_MIB_MPRSTRX,                 /* MPRstRx */
	MPTCP_MIB_SUBFLOWSTALE,            /* SubflowStale */
	MPTCP_MIB_SUBFLOWRECOVER,          /* SubflowRecover */
	MPTCP_MIB_CURRESTAB,               /* MPCurrEstab: connections established now (a gauge) */
	MPTCP_MIB_ADDADDRHMACFAIL,         /* ours, AddAddrHMacFailure: ADD_ADDR with a bad HMAC, ignored */
	MPTCP_MIB_ADDADDRRETRANS,          /* ours, AddAddrRetrans: ADD_ADDR resent for want of an echo */
	MPTCP_MIB_OPTMALFORMED,            /* ours, OptMalformed: options the codec ignored */
	MPTCP_MIB_COUNT
} mptcp_mib;

/* "MPCapableSYNRX", ...; NULL outside the enum. */
const char *mptcp_mib_name(mptcp_mib m);

#endif
