<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:exsl="http:exsl">
<xsl:template match="/"><html><xsl:for-each select="//node()">]<xsl:for-each select="//node()"><xsl:for-each select="//node()"><xsl:for-each select="/-node()">?i/></xsl:for-each></xsl:for-each></xsl:for-each></xsl:for-each></html></xsl:template>
</xsl:stylesheet>
