<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
<xsl:template match="/"><html><body><exsl:document href="helder-fuzz-written.html" method="html"><p>x</p></exsl:document><exsl:document href="/tmp/helder-fuzz-written.html"><p>x</p></exsl:document></body></html></xsl:template>
</xsl:stylesheet>
