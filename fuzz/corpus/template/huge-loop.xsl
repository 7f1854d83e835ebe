<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
<xsl:template match="/"><html><xsl:for-each select="//node()"><xsl:for-each select="//node()"><xsl:for-each select="//node()"><xsl:for-each select="//node()"><i/></xsl:for-each></xsl:for-each></xsl:for-each></xsl:for-each></html></xsl:template>
</xsl:stylesheet>
