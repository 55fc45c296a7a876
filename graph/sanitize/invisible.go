package sanitize

import "unicode"

// blank are runes outside category Cf that draw nothing, or nothing of
// their own, so that "zw\u034fsp-A" reads as "zwsp-A": the combining
// grapheme joiner, the variation selectors (VS1–VS256), the Mongolian free
// variation selectors and vowel separator, the Khmer inherent vowels, and
// the Hangul fillers, which are letters (Lo) that show as blank space.
var blank = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x034f, Hi: 0x034f, Stride: 1},
		{Lo: 0x115f, Hi: 0x1160, Stride: 1},
		{Lo: 0x17b4, Hi: 0x17b5, Stride: 1},
		{Lo: 0x180b, Hi: 0x180f, Stride: 1},
		{Lo: 0x3164, Hi: 0x3164, Stride: 1},
		{Lo: 0xfe00, Hi: 0xfe0f, Stride: 1},
		{Lo: 0xffa0, Hi: 0xffa0, Stride: 1},
	},
	R32: []unicode.Range32{
		{Lo: 0xe0100, Hi: 0xe01ef, Stride: 1},
	},
}
