// Self-check of subprojects/libsrtp3/include/srtp.h, compiled and run by
// install-worker.mjs before the (long) worker build: the libsrtp 3 calls, as
// mediasoup's SrtpSession.cpp makes them, must work on this host's libsrtp 2
// for the four SRTP suites mediasoup negotiates.
//
// Per suite: an outbound and an inbound session share a key; an RTP and an
// RTCP packet are protected into a separate buffer and unprotected in place
// (mediasoup's pattern) and must come back identical; a replayed and a
// tampered packet must be refused; a too small output buffer and an MKI index
// must be refused; removing a stream must work. Exit code 0 when all pass.

#include <srtp.h>

#include <arpa/inet.h>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace
{
	using PolicySetter = void (*)(srtp_crypto_policy_t*);

	struct Suite
	{
		const char* name;
		PolicySetter rtp;
		PolicySetter rtcp;
		int keyLength; // master key + salt
	};

	// srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80 is a macro in libsrtp 2,
	// so its function (rtp_default) is taken here.
	const Suite suites[] = {
		{ "AEAD_AES_256_GCM",
		  srtp_crypto_policy_set_aes_gcm_256_16_auth,
		  srtp_crypto_policy_set_aes_gcm_256_16_auth,
		  44 },
		{ "AEAD_AES_128_GCM",
		  srtp_crypto_policy_set_aes_gcm_128_16_auth,
		  srtp_crypto_policy_set_aes_gcm_128_16_auth,
		  28 },
		{ "AES_CM_128_HMAC_SHA1_80",
		  srtp_crypto_policy_set_rtp_default,
		  srtp_crypto_policy_set_rtp_default,
		  30 },
		{ "AES_CM_128_HMAC_SHA1_32",
		  srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32,
		  srtp_crypto_policy_set_rtp_default,
		  30 },
	};

	constexpr uint32_t Ssrc{ 0x0badcafe };

	srtp_t Session(const Suite& suite, srtp_ssrc_type_t direction, uint8_t* key)
	{
		srtp_policy_t policy;
		std::memset(&policy, 0, sizeof(policy));
		suite.rtp(&policy.rtp);
		suite.rtcp(&policy.rtcp);
		policy.ssrc.type       = direction;
		policy.key             = key;
		policy.allow_repeat_tx = 1;
		policy.window_size     = 1024;

		srtp_t session{ nullptr };

		return srtp_create(&session, &policy) == srtp_err_status_ok ? session : nullptr;
	}

	size_t RtpPacket(uint8_t* packet, uint16_t seq)
	{
		const uint8_t header[12] = {
			0x80, 96, uint8_t(seq >> 8), uint8_t(seq), 0, 0, 0x10, 0, 0x0b, 0xad, 0xca, 0xfe
		};

		std::memcpy(packet, header, sizeof(header));
		for (size_t i = 12; i < 172; ++i)
		{
			packet[i] = uint8_t(i * 31 + seq);
		}

		return 172;
	}

	int failures{ 0 };

	void Expect(bool ok, const char* suite, const char* what)
	{
		if (!ok)
		{
			std::fprintf(stderr, "srtp-compat: %s: %s\n", suite, what);
			++failures;
		}
	}
} // namespace

int main()
{
	if (srtp_init() != srtp_err_status_ok)
	{
		std::fprintf(stderr, "srtp-compat: srtp_init() failed\n");

		return 1;
	}

	for (const Suite& suite : suites)
	{
		uint8_t key[SRTP_MAX_KEY_LEN];

		for (size_t i = 0; i < sizeof(key); ++i)
		{
			key[i] = uint8_t(i * 13 + 7);
		}

		srtp_policy_t probe;
		std::memset(&probe, 0, sizeof(probe));
		suite.rtp(&probe.rtp);
		Expect(probe.rtp.cipher_key_len == suite.keyLength, suite.name, "key length");

		srtp_t sender   = Session(suite, ssrc_any_outbound, key);
		srtp_t receiver = Session(suite, ssrc_any_inbound, key);

		if (!sender || !receiver)
		{
			Expect(false, suite.name, "srtp_create()");

			continue;
		}

		uint8_t plain[256];
		uint8_t wire[256 + SRTP_MAX_TRAILER_LEN + 4];
		size_t plainLen = RtpPacket(plain, 1);
		size_t wireLen  = sizeof(wire);

		// RTP out of a separate buffer, back in place.
		Expect(
		  srtp_protect(sender, plain, plainLen, wire, &wireLen, 0) == srtp_err_status_ok &&
		    wireLen > plainLen && std::memcmp(wire + 12, plain + 12, plainLen - 12) != 0,
		  suite.name,
		  "srtp_protect()");

		uint8_t copy[sizeof(wire)];
		std::memcpy(copy, wire, wireLen);
		const size_t copyLen = wireLen;
		size_t len           = wireLen;

		Expect(
		  srtp_unprotect(receiver, wire, wireLen, wire, &len) == srtp_err_status_ok &&
		    len == plainLen && std::memcmp(wire, plain, plainLen) == 0,
		  suite.name,
		  "srtp_unprotect() round trip");

		// The same packet again is a replay.
		len = copyLen;
		Expect(
		  srtp_unprotect(receiver, copy, copyLen, copy, &len) != srtp_err_status_ok,
		  suite.name,
		  "replay refused");

		// A flipped payload bit fails authentication.
		plainLen = RtpPacket(plain, 2);
		wireLen  = sizeof(wire);
		srtp_protect(sender, plain, plainLen, wire, &wireLen, 0);
		wire[40] ^= 0x01;
		len = wireLen;
		Expect(
		  srtp_unprotect(receiver, wire, wireLen, wire, &len) == srtp_err_status_auth_fail,
		  suite.name,
		  "tampered packet refused");

		// Output buffer too small for the trailer; MKI index other than 0.
		wireLen = plainLen + 1;
		Expect(
		  srtp_protect(sender, plain, plainLen, wire, &wireLen, 0) == srtp_err_status_buffer_small,
		  suite.name,
		  "small buffer refused");
		wireLen = sizeof(wire);
		Expect(
		  srtp_protect(sender, plain, plainLen, wire, &wireLen, 1) == srtp_err_status_bad_mki,
		  suite.name,
		  "MKI index refused");

		// RTCP sender report.
		uint8_t rtcp[28] = { 0x80, 200, 0, 6, 0x0b, 0xad, 0xca, 0xfe };

		for (size_t i = 8; i < sizeof(rtcp); ++i)
		{
			rtcp[i] = uint8_t(i);
		}

		wireLen = sizeof(wire);
		Expect(
		  srtp_protect_rtcp(sender, rtcp, sizeof(rtcp), wire, &wireLen, 0) == srtp_err_status_ok &&
		    wireLen > sizeof(rtcp),
		  suite.name,
		  "srtp_protect_rtcp()");
		len = wireLen;
		Expect(
		  srtp_unprotect_rtcp(receiver, wire, wireLen, wire, &len) == srtp_err_status_ok &&
		    len == sizeof(rtcp) && std::memcmp(wire, rtcp, sizeof(rtcp)) == 0,
		  suite.name,
		  "srtp_unprotect_rtcp() round trip");

		Expect(
		  srtp_stream_remove(receiver, uint32_t{ htonl(Ssrc) }) == srtp_err_status_ok,
		  suite.name,
		  "srtp_stream_remove()");

		srtp_dealloc(sender);
		srtp_dealloc(receiver);
	}

	Expect(
	  srtp_err_status_buffer_small != srtp_err_status_cryptex_err &&
	    srtp_err_status_buffer_small != srtp_err_status_ok,
	  "status codes",
	  "distinct");

	srtp_shutdown();

	if (failures == 0)
	{
		std::printf("srtp-compat: 4 suites OK on %s\n", srtp_get_version_string());
	}

	return failures == 0 ? 0 : 1;
}
