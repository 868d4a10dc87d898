/*
 * Compiled into the empty static library each shim subproject exposes.
 *
 * mediasoup's meson.build links every dependency with `link_whole:`, which
 * needs a static library target. The real code comes from the Debian shared
 * library that the shim's dependency() found through pkg-config, so this
 * library contributes nothing but has to exist.
 */
typedef int tumor_board_mediasoup_shim_placeholder;
