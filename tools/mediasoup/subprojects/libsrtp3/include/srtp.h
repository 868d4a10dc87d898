/*
 * <srtp.h> for mediasoup-worker, on Debian's libsrtp 2.
 *
 * mediasoup 3.19 is written against versatica's libsrtp 3 fork, whose header
 * is only available from a download. Everything mediasoup uses from it is the
 * libsrtp 2 API unchanged (srtp_init, srtp_shutdown, srtp_create,
 * srtp_dealloc, srtp_install_event_handler, srtp_crypto_policy_set_*,
 * srtp_policy_t, srtp_event_data_t, srtp_get_version_string,
 * SRTP_MAX_TRAILER_LEN), except for:
 *
 *   - srtp_stream_remove(srtp_t, uint32_t ssrc), libsrtp 2's
 *     srtp_remove_stream(srtp_t, unsigned int ssrc) renamed.
 *   - the four packet functions. libsrtp 2 works in place on an `int` length
 *     and assumes room for the trailer:
 *         srtp_protect(srtp_t, void *pkt, int *len)
 *         srtp_unprotect(srtp_t, void *pkt, int *len)
 *         srtp_protect_rtcp(srtp_t, void *pkt, int *len)
 *         srtp_unprotect_rtcp(srtp_t, void *pkt, int *len)
 *     libsrtp 3 (as mediasoup's SrtpSession.cpp calls it) takes a separate
 *     output buffer whose capacity is passed in *out_len, returns the output
 *     length there, and the protect calls take an MKI index:
 *         srtp_protect(srtp_t, const uint8_t *rtp, size_t rtp_len,
 *                      uint8_t *srtp, size_t *srtp_len, size_t mki_index)
 *         srtp_unprotect(srtp_t, const uint8_t *srtp, size_t srtp_len,
 *                        uint8_t *rtp, size_t *rtp_len)
 *         srtp_protect_rtcp(srtp_t, const uint8_t *rtcp, size_t rtcp_len,
 *                           uint8_t *srtcp, size_t *srtcp_len, size_t mki_index)
 *         srtp_unprotect_rtcp(srtp_t, const uint8_t *srtcp, size_t srtcp_len,
 *                             uint8_t *rtcp, size_t *rtcp_len)
 *   - two status codes, srtp_err_status_buffer_small and
 *     srtp_err_status_cryptex_err, that libsrtp 2.5 does not have.
 *
 * The libsrtp 3 forms below copy the input into the output buffer (unless
 * they are the same buffer, as for mediasoup's decryption), check that the
 * output buffer can hold what libsrtp 2 may append, and run the libsrtp 2
 * call in place. MKI is not supported: mediasoup never configures it and
 * always passes index 0; any other index is refused with
 * srtp_err_status_bad_mki.
 *
 * Header only: the functions are static inline, defined before the macros
 * that give them the libsrtp 3 names, so inside them the names still refer
 * to the libsrtp 2 functions.
 */
#ifndef TUMOR_BOARD_SRTP3_ON_SRTP2_H
#define TUMOR_BOARD_SRTP3_ON_SRTP2_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <srtp2/srtp.h>

/* Values follow libsrtp 3's numbering (after srtp_err_status_pkt_idx_adv). */
#if !defined(TB_SRTP2_HAS_ERR_BUFFER_SMALL) || !TB_SRTP2_HAS_ERR_BUFFER_SMALL
#define srtp_err_status_buffer_small ((srtp_err_status_t)28)
#endif
#if !defined(TB_SRTP2_HAS_ERR_CRYPTEX_ERR) || !TB_SRTP2_HAS_ERR_CRYPTEX_ERR
#define srtp_err_status_cryptex_err ((srtp_err_status_t)29)
#endif

/* Most bytes libsrtp 2 appends: authentication tag and MKI, plus the 4-byte
 * SRTCP index (with its E flag) for RTCP. */
#define TB_SRTP_RTP_GROWTH ((size_t)SRTP_MAX_TRAILER_LEN)
#define TB_SRTP_RTCP_GROWTH ((size_t)SRTP_MAX_TRAILER_LEN + 4u)

/*
 * Puts `in` into `out` for an in-place libsrtp 2 call and converts the length
 * to the `int` libsrtp 2 takes. `capacity` is the size of `out`; `growth` how
 * much the call may add.
 */
static inline srtp_err_status_t tb_srtp_stage(const uint8_t *in,
                                              size_t in_len,
                                              uint8_t *out,
                                              size_t capacity,
                                              size_t growth,
                                              int *len)
{
    if (in == NULL || out == NULL || len == NULL) {
        return srtp_err_status_bad_param;
    }
    if (in_len > (size_t)INT_MAX - growth) {
        return srtp_err_status_bad_param;
    }
    if (capacity < in_len + growth) {
        return srtp_err_status_buffer_small;
    }
    if (out != in) {
        memmove(out, in, in_len);
    }
    *len = (int)in_len;
    return srtp_err_status_ok;
}

typedef srtp_err_status_t (*tb_srtp2_packet_fn)(srtp_t, void *, int *);

static inline srtp_err_status_t tb_srtp_run(tb_srtp2_packet_fn fn,
                                            srtp_t ctx,
                                            const uint8_t *in,
                                            size_t in_len,
                                            uint8_t *out,
                                            size_t *out_len,
                                            size_t growth)
{
    int len = 0;
    srtp_err_status_t status;

    if (out_len == NULL) {
        return srtp_err_status_bad_param;
    }
    status = tb_srtp_stage(in, in_len, out, *out_len, growth, &len);
    if (status != srtp_err_status_ok) {
        return status;
    }
    status = fn(ctx, out, &len);
    if (status == srtp_err_status_ok) {
        *out_len = (size_t)len;
    }
    return status;
}

static inline srtp_err_status_t tb_srtp3_protect(srtp_t ctx,
                                                 const uint8_t *rtp,
                                                 size_t rtp_len,
                                                 uint8_t *srtp,
                                                 size_t *srtp_len,
                                                 size_t mki_index)
{
    if (mki_index != 0) {
        return srtp_err_status_bad_mki;
    }
    return tb_srtp_run(srtp_protect, ctx, rtp, rtp_len, srtp, srtp_len,
                       TB_SRTP_RTP_GROWTH);
}

static inline srtp_err_status_t tb_srtp3_unprotect(srtp_t ctx,
                                                   const uint8_t *srtp,
                                                   size_t srtp_len,
                                                   uint8_t *rtp,
                                                   size_t *rtp_len)
{
    /* Decryption only shrinks the packet. */
    return tb_srtp_run(srtp_unprotect, ctx, srtp, srtp_len, rtp, rtp_len, 0);
}

static inline srtp_err_status_t tb_srtp3_protect_rtcp(srtp_t ctx,
                                                      const uint8_t *rtcp,
                                                      size_t rtcp_len,
                                                      uint8_t *srtcp,
                                                      size_t *srtcp_len,
                                                      size_t mki_index)
{
    if (mki_index != 0) {
        return srtp_err_status_bad_mki;
    }
    return tb_srtp_run(srtp_protect_rtcp, ctx, rtcp, rtcp_len, srtcp,
                       srtcp_len, TB_SRTP_RTCP_GROWTH);
}

static inline srtp_err_status_t tb_srtp3_unprotect_rtcp(srtp_t ctx,
                                                        const uint8_t *srtcp,
                                                        size_t srtcp_len,
                                                        uint8_t *rtcp,
                                                        size_t *rtcp_len)
{
    return tb_srtp_run(srtp_unprotect_rtcp, ctx, srtcp, srtcp_len, rtcp,
                       rtcp_len, 0);
}

/* From here on, mediasoup's libsrtp 3 names mean the functions above. */
#define srtp_stream_remove srtp_remove_stream
#define srtp_protect tb_srtp3_protect
#define srtp_unprotect tb_srtp3_unprotect
#define srtp_protect_rtcp tb_srtp3_protect_rtcp
#define srtp_unprotect_rtcp tb_srtp3_unprotect_rtcp

#endif /* TUMOR_BOARD_SRTP3_ON_SRTP2_H */
