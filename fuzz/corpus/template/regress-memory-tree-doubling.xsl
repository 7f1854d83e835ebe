<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:template match="/"><html><xsl:call-template name="t"><xsl:with-param name="v" select="/"/><xsl:with-param name="n" select="40"/></xsl:call-template></html></xsl:template>
<xsl:template name="t"><xsl:param name="v"/><xsl:param name="n"/><xsl:choose><xsl:when test="$n &gt; 0"><xsl:call-template name="t"><xsl:with-param name="v"><xsl:copy-of select="$v"/><xsl:copy-of select="$v"/></xsl:with-param><xsl:with-param name="n" select="$n - 1"/></xsl:call-template></xsl:when><xsl:otherwise><xsl:value-of select="count($v//*)"/></xsl:otherwise></xsl:choose></xsl:template>
</xsl:stylesheet>
